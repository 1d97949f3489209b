using Parley.Testing;

namespace Parley.Integration.Tests.Line;

public sealed class CommandTests
{
    [Fact]
    public async Task Greeting_gives_a_guest_nick_and_joins_the_default_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TextClient.ConnectAsync(server.LineEndPoint);
        var welcome = await client.ExpectContainsAsync("Welcome to Parley");
        Assert.Matches(@"You are guest-\d{4,}\.$", welcome);
        Assert.Equal("*** You joined general (1 member)", await client.ExpectContainsAsync("You joined"));
    }

    [Fact]
    public async Task Nick_change_is_seen_by_others_and_collisions_are_case_insensitive()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "Alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint);
        await bob.SendAsync("/nick ALICE");
        Assert.StartsWith("!!! The nick ALICE is taken", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/nick 9lives");
        Assert.StartsWith("!!! Invalid nick: 9lives", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/nick bob");
        await alice.ExpectAsync(l => l == $"*** {bob.Nick} is now known as bob");
        await bob.SendAsync("/nick bob");
        await bob.ExpectContainsAsync("You are already known as bob");
        await bob.SendAsync("/nick");
        Assert.Equal("!!! Usage: /nick NAME", await bob.ExpectContainsAsync("!!!"));

        // The old nick is free again, and a case change of one's own nick is allowed.
        await alice.SendAsync("/nick alice");
        await bob.ExpectContainsAsync("Alice is now known as alice");
    }

    [Fact]
    public async Task Private_messages_reach_only_the_recipient()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await using var carol = await LineClient.JoinAsync(server.LineEndPoint, "carol");
        await alice.SendAsync("/msg BOB psst");
        Assert.Equal("*alice* psst", await bob.ExpectContainsAsync("psst"));
        await alice.SendAsync("/msg nobody hi");
        Assert.Equal("!!! No such nick: nobody", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("/msg bob");
        Assert.Equal("!!! Usage: /msg NICK text", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("public");
        await carol.ExpectContainsAsync("<alice> public");
        Assert.DoesNotContain(carol.Seen, l => l.Contains("psst", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_part_and_quit_are_announced_with_reasons()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.ExpectContainsAsync("is now known as bob");
        await bob.SendAsync("/join rust");
        await bob.ExpectContainsAsync("You joined rust (1 member)");
        await alice.SendAsync("/join rust");
        await bob.ExpectAsync(l => l == "*** alice joined rust");
        await bob.SendAsync("/part rust see you");
        await alice.ExpectAsync(l => l == "*** bob left rust (see you)");
        await bob.ExpectContainsAsync("You left rust");
        await bob.ExpectContainsAsync("general is now your current room");
        await bob.SendAsync("/part rust");
        Assert.Equal("!!! You are not in rust", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/quit off to lunch");
        await alice.ExpectAsync(l => l == "*** bob quit (Quit: off to lunch)");
        await bob.ReadToEndAsync();
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task Rooms_who_and_topic_show_the_state_and_refuse_what_is_not_allowed()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");

        await alice.SendAsync("/topic Welcome, everyone");
        await bob.ExpectAsync(l => l == "*** alice set the topic of general: Welcome, everyone");
        await bob.SendAsync("/topic mine now");
        Assert.Equal("!!! Only operators of general may set its topic", await bob.ExpectContainsAsync("!!!"));
        await bob.SendAsync("/topic");
        Assert.Equal("*** Topic of general: Welcome, everyone (set by alice)", await bob.ExpectContainsAsync("Topic of"));
        await bob.SendAsync("/topic #nowhere hi");
        Assert.Equal("!!! No such room: #nowhere", await bob.ExpectContainsAsync("!!!"));

        await bob.SendAsync("/join lounge");
        await bob.ExpectContainsAsync("You joined lounge");
        await alice.SendAsync("/rooms");
        Assert.Equal("*** 2 rooms:", await alice.ExpectContainsAsync("rooms:"));
        Assert.Equal("***   general (2 members): Welcome, everyone", await alice.ReadLineAsync());
        Assert.Equal("***   lounge (1 member)", await alice.ReadLineAsync());

        await alice.SendAsync("/who");
        Assert.Equal("*** Members of general (2): @alice bob", await alice.ExpectContainsAsync("Members of"));
        await alice.SendAsync("/who lounge");
        Assert.Equal("*** Members of lounge (1): @bob", await alice.ExpectContainsAsync("Members of"));
        await alice.SendAsync("/who nowhere");
        Assert.Equal("!!! No such room: nowhere", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("/join bad,name");
        Assert.StartsWith("!!! Invalid room name: bad,name", await alice.ExpectContainsAsync("!!!"));
    }

    [Fact]
    public async Task Help_lists_commands_and_unknown_commands_get_an_error()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await alice.SendAsync("/help");
        await alice.ExpectContainsAsync("Commands:");
        foreach (var command in new[] { "/nick", "/join", "/part", "/rooms", "/who", "/msg", "/me", "/topic", "/history", "/search", "/help", "/quit" })
        {
            await alice.ExpectContainsAsync(command);
        }

        await alice.SendAsync("/help msg");
        Assert.Equal("*** /msg NICK text: Send a private message", await alice.ExpectContainsAsync("/msg NICK"));
        await alice.SendAsync("/frobnicate now");
        Assert.Equal("!!! No such command: /frobnicate (try /help)", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("/help frobnicate");
        Assert.Equal("!!! No such command: /frobnicate", await alice.ExpectContainsAsync("!!!"));
    }

    [Fact]
    public async Task Speaking_with_no_room_is_an_error_and_the_connection_stays_usable()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await alice.SendAsync("/part");
        await alice.ExpectContainsAsync("You are in no room now");
        await alice.SendAsync("anyone?");
        Assert.StartsWith("!!! You are in no room", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("/me shrugs");
        Assert.StartsWith("!!! You are in no room", await alice.ExpectContainsAsync("!!!"));
        await alice.SendAsync("/join general");
        await alice.ExpectContainsAsync("You joined general");
    }
}
