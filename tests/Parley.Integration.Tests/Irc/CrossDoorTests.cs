using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

/// <summary>Line users and IRC users share the hub's rooms: line <c>general</c> is IRC <c>#general</c>.</summary>
public sealed class CrossDoorTests
{
    [Fact]
    public async Task Messages_actions_joins_parts_nicks_topics_and_quits_cross_both_ways()
    {
        await using var server = await TestServer.StartAsync();
        await using var liner = await LineClient.JoinAsync(server.LineEndPoint, "liner");
        await using var irc = await IrcClient.RegisterAsync(server.IrcEndPoint, "ircer");
        await irc.SendAsync("JOIN #general");
        Assert.Equal(":test.parley 353 ircer = #general :@liner ircer", await irc.ExpectNumericAsync("353"));
        await liner.ExpectContainsAsync("*** ircer joined general");

        await liner.SendAsync("hello from the line");
        Assert.Equal(":liner!user@127.0.0.1 PRIVMSG #general :hello from the line", await irc.ExpectContainsAsync("hello from the line"));
        await liner.SendAsync("/me waves");
        Assert.Equal(":liner!user@127.0.0.1 PRIVMSG #general :\u0001ACTION waves\u0001", await irc.ExpectContainsAsync("waves"));

        await irc.SendAsync("PRIVMSG #general :hello from irc");
        Assert.Equal("<ircer> hello from irc", await liner.ExpectContainsAsync("hello from irc"));
        await irc.SendAsync("PRIVMSG #general :\u0001ACTION dances\u0001");
        Assert.Equal("* ircer dances", await liner.ExpectContainsAsync("dances"));

        await irc.SendAsync("PRIVMSG liner :psst");
        Assert.Equal("*ircer* psst", await liner.ExpectContainsAsync("psst"));
        await liner.SendAsync("/msg ircer whisper back");
        Assert.Equal(":liner!user@127.0.0.1 PRIVMSG ircer :whisper back", await irc.ExpectContainsAsync("whisper back"));

        await liner.SendAsync("/topic general Shared topic");
        Assert.Equal(":liner!user@127.0.0.1 TOPIC #general :Shared topic", await irc.ExpectContainsAsync(" TOPIC "));
        await liner.SendAsync("/nick liner2");
        Assert.Equal(":liner!user@127.0.0.1 NICK liner2", await irc.ExpectContainsAsync(" NICK "));
        await irc.SendAsync("NICK ircer2");
        await liner.ExpectContainsAsync("*** ircer is now known as ircer2");

        await irc.JoinAsync("#side");
        await liner.SendAsync("/join side");
        Assert.Equal(":liner2!user@127.0.0.1 JOIN #side", await irc.ExpectContainsAsync("JOIN #side"));
        await liner.SendAsync("/part side");
        Assert.StartsWith(":liner2!user@127.0.0.1 PART #side", await irc.ExpectContainsAsync("PART #side"), StringComparison.Ordinal);
        await irc.SendAsync("PART #general :off");
        await liner.ExpectContainsAsync("*** ircer2 left general (off)");
        await irc.SendAsync("JOIN #general");
        await irc.ExpectNumericAsync("366");
        await liner.ExpectContainsAsync("*** ircer2 joined general");
        await irc.SendAsync("QUIT :bye line");
        await liner.ExpectContainsAsync("*** ircer2 quit (Quit: bye line)");
        await liner.SendAsync("/quit");
    }

    [Fact]
    public async Task A_line_user_quitting_is_seen_on_irc()
    {
        await using var server = await TestServer.StartAsync();
        await using var irc = await IrcClient.RegisterAsync(server.IrcEndPoint, "watcher");
        await irc.JoinAsync("#general");
        await using var liner = await LineClient.JoinAsync(server.LineEndPoint, "leaver");
        await irc.ExpectContainsAsync("JOIN #general");
        await liner.SendAsync("/quit gone");
        Assert.StartsWith(":leaver!user@127.0.0.1 QUIT :Quit", await irc.ExpectContainsAsync(" QUIT "), StringComparison.Ordinal);
    }
}
