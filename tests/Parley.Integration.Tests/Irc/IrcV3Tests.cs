using Microsoft.Extensions.DependencyInjection;
using Parley.Doors.Irc;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class IrcV3Tests
{
    [Fact]
    public async Task Server_time_and_msgid_tags_only_for_clients_that_asked()
    {
        await using var server = await TestServer.StartAsync();
        await using var plain = await IrcClient.RegisterAsync(server.IrcEndPoint, "plain");
        await using var timed = await IrcClient.RegisterAsync(server.IrcEndPoint, "timed", "server-time");
        await using var tagged = await IrcClient.RegisterAsync(server.IrcEndPoint, "tagged", "server-time", "message-tags");
        await using var sender = await IrcClient.RegisterAsync(server.IrcEndPoint, "sender");
        foreach (var c in new[] { plain, timed, tagged, sender })
        {
            await c.JoinAsync("#tags");
        }

        await sender.SendAsync("@+draft/reply=abc PRIVMSG #tags :tagged hello");
        Assert.Equal(":sender!~sender@127.0.0.1 PRIVMSG #tags :tagged hello", await plain.ExpectContainsAsync("tagged hello"));
        Assert.Matches(@"^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z :sender!~sender@127\.0\.0\.1 PRIVMSG #tags :tagged hello$", await timed.ExpectContainsAsync("tagged hello"));
        Assert.Matches(@"^@time=[^;]+;msgid=[0-9a-f]{32};\+draft/reply=abc :sender!", await tagged.ExpectContainsAsync("tagged hello"));

        // One shared format per capability set: equal sets get the very same instance.
        var door = server.Services.GetRequiredService<IrcDoor>();
        Assert.Same(door.FormatFor(IrcCaps.ServerTime, direct: false), door.FormatFor(IrcCaps.ServerTime, direct: false));
        var formats = await server.OnHub(h => h.FindRoom("#tags")!.Memberships.Select(m => m.Session.FormatFor(m.Room)).Distinct().Count());
        Assert.Equal(3, formats);
    }

    [Fact]
    public async Task Capabilities_requested_after_registration_change_how_the_next_messages_look()
    {
        await using var server = await TestServer.StartAsync();
        await using var late = await IrcClient.RegisterAsync(server.IrcEndPoint, "late");
        await using var sender = await IrcClient.RegisterAsync(server.IrcEndPoint, "sender");
        await late.JoinAsync("#caps");
        await sender.JoinAsync("#caps");
        async Task RoomAndDirectStartWith(string prefix, string word)
        {
            await sender.SendAsync($"PRIVMSG #caps :{word}");
            await sender.SendAsync($"PRIVMSG late :direct {word}");
            Assert.StartsWith(prefix, await late.ExpectContainsAsync($"PRIVMSG #caps :{word}"), StringComparison.Ordinal);
            Assert.StartsWith(prefix, await late.ExpectContainsAsync($"PRIVMSG late :direct {word}"), StringComparison.Ordinal);
        }

        await RoomAndDirectStartWith(":sender!", "before");
        await late.SendAsync("CAP REQ :server-time");
        await late.ExpectContainsAsync("CAP late ACK");
        await RoomAndDirectStartWith("@time=", "after");

        await late.SendAsync("CAP REQ :-server-time");
        await late.ExpectContainsAsync("CAP late ACK");
        await sender.SendAsync("PRIVMSG #caps :dropped");
        Assert.StartsWith(":sender!", await late.ExpectContainsAsync("PRIVMSG #caps :dropped"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_message_returns_own_messages_with_their_msgid()
    {
        await using var server = await TestServer.StartAsync();
        await using var echo = await IrcClient.RegisterAsync(server.IrcEndPoint, "echo", "echo-message", "message-tags");
        await using var other = await IrcClient.RegisterAsync(server.IrcEndPoint, "other");
        await echo.JoinAsync("#e");
        await other.JoinAsync("#e");
        await echo.SendAsync("PRIVMSG #e :ping yourself");
        var mine = await echo.ExpectContainsAsync("ping yourself");
        Assert.Matches("^@msgid=[0-9a-f]{32} :echo!~echo@127.0.0.1 PRIVMSG #e :ping yourself$", mine);
        await other.ExpectContainsAsync("ping yourself");
        await echo.SendAsync("PRIVMSG other :direct");
        await echo.ExpectContainsAsync("PRIVMSG other :direct");
        await other.SendAsync("PRIVMSG #e :no echo for me");
        await other.SendAsync("PING :done");
        await other.ExpectContainsAsync("PONG");
        Assert.DoesNotContain(other.Seen, l => l.Contains("no echo for me", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Labeled_response_labels_one_reply_batches_several_and_acks_none()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "labeler", "labeled-response", "batch", "message-tags");
        await c.SendAsync("@label=one PING :x");
        Assert.Equal("@label=one :test.parley PONG test.parley x", await c.ReadLineAsync());
        await c.SendAsync("@label=two JOIN #lr");
        var start = await c.ReadLineAsync();
        var match = System.Text.RegularExpressions.Regex.Match(start, "^@label=two :test.parley BATCH \\+(\\S+) labeled-response$");
        Assert.True(match.Success, start);
        var id = match.Groups[1].Value;
        Assert.Equal($"@batch={id} :labeler!~labeler@127.0.0.1 JOIN #lr", await c.ReadLineAsync());
        Assert.Equal($"@batch={id} :test.parley 353 labeler = #lr :@labeler", await c.ReadLineAsync());
        Assert.Equal($"@batch={id} :test.parley 366 labeler #lr :End of /NAMES list.", await c.ReadLineAsync());
        Assert.Equal($":test.parley BATCH -{id}", await c.ReadLineAsync());
        await c.SendAsync("@label=three PONG :x");
        Assert.Equal("@label=three :test.parley ACK", await c.ReadLineAsync());

        // What the hub sends the client itself (its NICK) is the labeled reply too.
        await c.SendAsync("@label=four NICK labeler2");
        Assert.Equal("@label=four :labeler!~labeler@127.0.0.1 NICK labeler2", await c.ReadLineAsync());
        await c.SendAsync("@label=five TOPIC #lr :new topic");
        Assert.Equal("@label=five :labeler2!~labeler@127.0.0.1 TOPIC #lr :new topic", await c.ReadLineAsync());
        await c.SendAsync("@label=six QUIT");
        Assert.StartsWith("ERROR :Closing Link", await c.ReadLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_labeled_message_echo_carries_the_label()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "echoer", "labeled-response", "batch", "message-tags", "echo-message");
        await using var other = await IrcClient.RegisterAsync(server.IrcEndPoint, "other");
        await c.JoinAsync("#le");
        await other.JoinAsync("#le");
        await c.SendAsync("@label=m1 PRIVMSG #le :labeled hello");
        Assert.Matches("^@label=m1;msgid=[0-9a-f]{32} :echoer!~echoer@127.0.0.1 PRIVMSG #le :labeled hello$", await c.ExpectContainsAsync("labeled hello"));
        Assert.Equal(":echoer!~echoer@127.0.0.1 PRIVMSG #le :labeled hello", await other.ExpectContainsAsync("labeled hello"));
    }

    [Fact]
    public async Task Multi_prefix_userhost_in_names_extended_join_away_notify_setname_invite_notify()
    {
        await using var server = await TestServer.StartAsync();
        await using var rich = await IrcClient.RegisterAsync(server.IrcEndPoint, "rich",
            "multi-prefix", "userhost-in-names", "extended-join", "away-notify", "setname", "invite-notify");
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await op.JoinAsync("#v3");
        await op.SendAsync("MODE #v3 +v op");
        await op.ExpectContainsAsync("MODE #v3 +v op");
        await rich.SendAsync("JOIN #v3");
        Assert.Equal(":rich!~rich@127.0.0.1 JOIN #v3 * :Real rich", await rich.ReadLineAsync());
        Assert.Equal(":test.parley 353 rich = #v3 :@+op!~op@127.0.0.1 rich!~rich@127.0.0.1", await rich.ExpectNumericAsync("353"));
        await op.SendAsync("AWAY :gone");
        Assert.Equal(":op!~op@127.0.0.1 AWAY :gone", await rich.ExpectContainsAsync(" AWAY"));
        await op.SendAsync("AWAY");
        Assert.Equal(":op!~op@127.0.0.1 AWAY", await rich.ExpectContainsAsync(" AWAY"));
        await op.SendAsync("SETNAME :New Name");
        Assert.Equal(":op!~op@127.0.0.1 SETNAME :New Name", await rich.ExpectContainsAsync(" SETNAME "));
        Assert.Equal("New Name", await server.OnHub(h => h.FindUser("op")!.Who.RealName));
        await op.SendAsync("MODE #v3 +o rich");
        await rich.ExpectContainsAsync("MODE #v3 +o rich");
        await using var guest = await IrcClient.RegisterAsync(server.IrcEndPoint, "guest");
        await op.SendAsync("INVITE guest #v3");
        Assert.Equal(":op!~op@127.0.0.1 INVITE guest #v3", await rich.ExpectContainsAsync(" INVITE "));
        await op.ExpectNumericAsync("341");
        // op has no invite-notify: the operator that invited sees only its 341, no INVITE line.
        Assert.DoesNotContain(op.Seen, l => l.Contains(" INVITE guest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tagmsg_relays_client_only_tags_to_message_tags_clients()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await IrcClient.RegisterAsync(server.IrcEndPoint, "typer", "message-tags");
        await using var b = await IrcClient.RegisterAsync(server.IrcEndPoint, "reader", "message-tags");
        await using var old = await IrcClient.RegisterAsync(server.IrcEndPoint, "oldie");
        foreach (var c in new[] { a, b, old })
        {
            await c.JoinAsync("#t");
        }

        await a.SendAsync("@+typing=active TAGMSG #t");
        Assert.Matches(@"^@msgid=[0-9a-f]{32};\+typing=active :typer!~typer@127\.0\.0\.1 TAGMSG #t$", await b.ExpectContainsAsync("TAGMSG"));
        await a.SendAsync("PRIVMSG #t :after the tag");
        await old.ExpectContainsAsync("after the tag");
        Assert.DoesNotContain(old.Seen, l => l.Contains("TAGMSG", StringComparison.Ordinal));
    }
}
