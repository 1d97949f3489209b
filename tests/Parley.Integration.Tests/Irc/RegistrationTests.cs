using Microsoft.Extensions.DependencyInjection;
using Parley.Doors.Irc;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Nick_and_user_give_the_welcome_burst_with_isupport_lusers_and_motd()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("NICK alice");
        await client.SendAsync("USER alice 0 * :Alice Liddell");
        Assert.StartsWith(":test.parley 001 alice :Welcome to the Parley IRC Network alice!~alice@", await client.ExpectNumericAsync("001"));
        Assert.StartsWith(":test.parley 002 alice :Your host is test.parley, running version ", await client.ExpectNumericAsync("002"));
        Assert.StartsWith(":test.parley 003 alice :This server was created 20", await client.ExpectNumericAsync("003"));
        Assert.Equal(":test.parley 004 alice test.parley", string.Join(' ', (await client.ExpectNumericAsync("004")).Split(' ').Take(4)));
        await client.ExpectNumericAsync("251");
        var isupport = string.Join(' ', client.Seen.Where(l => IrcClient.IsNumeric(l, "005")));
        Assert.All(client.Seen.Where(l => IrcClient.IsNumeric(l, "005")), l => Assert.EndsWith(" :are supported by this server", l, StringComparison.Ordinal));
        foreach (var token in new[] { "CASEMAPPING=ascii", "CHANTYPES=#", "PREFIX=(ov)@+", "CHANMODES=b,k,l,imnst", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=390", "KICKLEN=", "AWAYLEN=", "MODES=4", "NETWORK=Parley", "CHANLIMIT=#:100", "BOT=B", "CHATHISTORY=" })
        {
            Assert.Contains(token, isupport, StringComparison.Ordinal);
        }

        await client.ExpectNumericAsync("375");
        await client.ExpectNumericAsync("372");
        await client.ExpectNumericAsync("376");
        Assert.True(await server.OnHub(h => h.FindUser("alice") is not null));

        // The next registration gets the same lines (made once per hub), with its own nick.
        await using var second = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await second.SendAsync("NICK bob");
        await second.SendAsync("USER bob 0 * :Bob");
        await second.ExpectNumericAsync("376");
        Assert.Equal(
            client.Seen.Where(l => IrcClient.IsNumeric(l, "005") || IrcClient.IsNumeric(l, "003")).Select(l => l.Replace(" alice ", " bob ", StringComparison.Ordinal)),
            second.Seen.Where(l => IrcClient.IsNumeric(l, "005") || IrcClient.IsNumeric(l, "003")));
    }

    [Fact]
    public async Task Cap_negotiation_suspends_registration_until_cap_end()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("CAP LS 302");
        var ls = await client.ExpectContainsAsync(" CAP * LS ");
        foreach (var cap in new[] { "message-tags", "server-time", "echo-message", "batch", "labeled-response", "multi-prefix", "draft/chathistory", "cap-notify", "away-notify", "extended-join" })
        {
            Assert.Contains(cap, ls, StringComparison.Ordinal);
        }

        await client.SendAsync("NICK bob");
        await client.SendAsync("USER bob 0 * :Bob");
        await client.SendAsync("CAP REQ :server-time bogus-cap");
        Assert.Equal(":test.parley CAP bob NAK :server-time bogus-cap", await client.ExpectContainsAsync(" CAP "));
        await client.SendAsync("CAP REQ :server-time multi-prefix");
        Assert.Equal(":test.parley CAP bob ACK :server-time multi-prefix", await client.ExpectContainsAsync(" CAP "));
        await client.SendAsync("CAP LIST");
        var list = await client.ExpectContainsAsync(" CAP bob LIST ");
        Assert.Contains("server-time", list, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Seen, l => IrcClient.IsNumeric(l, "001"));
        Assert.False(await server.OnHub(h => h.FindUser("bob") is not null));
        await client.SendAsync("CAP END");
        await client.ExpectNumericAsync("001");
    }

    [Fact]
    public async Task Server_password_is_required_when_configured()
    {
        await using var server = await TestServer.StartAsync(("Parley:Irc:Password", "sesame"));
        await using (var wrong = await IrcClient.ConnectAsync(server.IrcEndPoint))
        {
            await wrong.SendAsync("PASS nope");
            await wrong.SendAsync("NICK carol");
            await wrong.SendAsync("USER carol 0 * :Carol");
            await wrong.ExpectNumericAsync("464");
            var rest = await wrong.ReadToEndAsync();
            Assert.Contains(rest, l => l.StartsWith("ERROR :Closing Link", StringComparison.Ordinal));
        }

        await using (var missing = await IrcClient.ConnectAsync(server.IrcEndPoint))
        {
            await missing.SendAsync("NICK dave");
            await missing.SendAsync("USER dave 0 * :Dave");
            await missing.ExpectNumericAsync("464");
            await missing.ReadToEndAsync();
        }

        await using var right = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await right.SendAsync("PASS sesame");
        await right.SendAsync("NICK erin");
        await right.SendAsync("USER erin 0 * :Erin");
        await right.ExpectNumericAsync("001");
    }

    [Fact]
    public async Task Commands_before_registration_unknown_commands_and_missing_parameters_get_their_numerics()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("JOIN #early");
        Assert.Equal(":test.parley 451 * :You have not registered", await client.ExpectNumericAsync("451"));
        await client.SendAsync("USER");
        Assert.Equal(":test.parley 461 * USER :Not enough parameters", await client.ExpectNumericAsync("461"));
        await client.SendAsync("NICK 9bad");
        await client.ExpectNumericAsync("432");
        await client.SendAsync("NICK frank");
        await client.SendAsync("USER frank 0 * :Frank");
        await client.ExpectNumericAsync("001");
        await client.SendAsync("FROBNICATE x");
        Assert.Equal(":test.parley 421 frank FROBNICATE :Unknown command", await client.ExpectNumericAsync("421"));
        await client.SendAsync("JOIN");
        Assert.Equal(":test.parley 461 frank JOIN :Not enough parameters", await client.ExpectNumericAsync("461"));
        await client.SendAsync("USER again 0 * :x");
        await client.ExpectNumericAsync("462");
        await client.SendAsync("NICK");
        await client.ExpectNumericAsync("431");
        await using var other = await IrcClient.RegisterAsync(server.IrcEndPoint, "grace");
        await client.SendAsync("NICK grace");
        await client.ExpectNumericAsync("433");
    }

    [Fact]
    public async Task Nick_taken_during_registration_gets_433_and_another_nick_registers()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await IrcClient.RegisterAsync(server.IrcEndPoint, "heidi");
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("NICK HEIDI");
        Assert.Equal(":test.parley 433 * HEIDI :Nickname is already in use", await client.ExpectNumericAsync("433"));
        await client.SendAsync("NICK heidi2");
        await client.SendAsync("USER h 0 * :H");
        await client.ExpectNumericAsync("001");
    }

    [Fact]
    public async Task A_client_that_does_not_register_in_time_is_closed()
    {
        await using var server = await TestServer.StartAsync(("Parley:Irc:RegistrationTimeout", "00:00:01"));
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await client.SendAsync("NICK slow");
        var rest = await client.ReadToEndAsync();
        Assert.Contains("ERROR :Closing Link: 127.0.0.1 (Registration timed out)", rest);
    }

    [Fact]
    public async Task Ping_pong_both_ways_and_a_silent_client_times_out()
    {
        await using var server = await TestServer.StartAsync(("Parley:Irc:PingInterval", "00:00:00.500"), ("Parley:Irc:PingTimeout", "00:00:00.500"));
        await using var watcher = await IrcClient.RegisterAsync(server.IrcEndPoint, "watcher");
        await using var client = await IrcClient.RegisterAsync(server.IrcEndPoint, "sleepy");
        await client.SendAsync("PING :abc123");
        Assert.Equal(":test.parley PONG test.parley abc123", await client.ExpectContainsAsync("PONG"));
        await watcher.JoinAsync("#ping");
        await client.JoinAsync("#ping");

        // The watcher answers every PING; the sleepy client answers none.
        var keepAlive = Task.Run(async () =>
        {
            while (true)
            {
                var line = await watcher.ExpectAsync(l => l.StartsWith("PING ", StringComparison.Ordinal) || l.Contains(" QUIT ", StringComparison.Ordinal), Waits.Long);
                if (line.StartsWith("PING ", StringComparison.Ordinal))
                {
                    await watcher.SendAsync("PONG " + line[5..]);
                }
                else
                {
                    return line;
                }
            }
        });
        Assert.Equal("PING :test.parley", await client.ExpectAsync(l => l.StartsWith("PING", StringComparison.Ordinal)));
        var rest = await client.ReadToEndAsync();
        Assert.Contains(rest, l => l.StartsWith("ERROR :Closing Link", StringComparison.Ordinal) && l.Contains("Ping timeout", StringComparison.Ordinal));
        Assert.Contains(":sleepy!~sleepy@127.0.0.1 QUIT :Ping timeout", await keepAlive.WaitAsync(Waits.Short), StringComparison.Ordinal);
        Assert.True(await server.OnHub(h => h.FindUser("watcher") is not null));
    }

    [Fact]
    public async Task Quit_tells_the_channel_and_ends_with_error()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#q");
        await bob.JoinAsync("#q");
        await bob.SendAsync("QUIT :see you");
        var rest = await bob.ReadToEndAsync();
        Assert.Contains("ERROR :Closing Link: 127.0.0.1 (Quit: see you)", rest);
        Assert.Equal(":bob!~bob@127.0.0.1 QUIT :Quit: see you", await alice.ExpectContainsAsync(" QUIT "));
    }

    [Fact]
    public async Task Connections_leave_the_timeout_sweep_however_they_end()
    {
        await using var server = await TestServer.StartAsync();
        var door = server.Services.GetRequiredService<IrcDoor>();
        var quitter = await IrcClient.RegisterAsync(server.IrcEndPoint, "quitter");
        var vanisher = await IrcClient.RegisterAsync(server.IrcEndPoint, "vanisher");
        var stranger = await IrcClient.ConnectAsync(server.IrcEndPoint);
        await stranger.SendAsync("NICK stranger");
        await Waits.UntilAsync(() => Task.FromResult(door.ConnectionCount == 3), what: "three connections tracked");

        await quitter.SendAsync("QUIT :bye");
        await quitter.ReadToEndAsync();
        await vanisher.DisposeAsync();
        await stranger.DisposeAsync();
        await quitter.DisposeAsync();
        await Waits.UntilAsync(() => Task.FromResult(door.ConnectionCount == 0), what: "every closed connection forgotten");
    }
}
