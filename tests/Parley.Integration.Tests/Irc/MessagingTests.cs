using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class MessagingTests
{
    [Fact]
    public async Task Privmsg_and_notice_reach_channels_and_nicks_with_their_errors()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#chat");
        await bob.JoinAsync("#chat");
        await alice.ExpectContainsAsync("JOIN #chat");
        await alice.SendAsync("PRIVMSG #chat :hello everyone");
        Assert.Equal(":alice!~alice@127.0.0.1 PRIVMSG #chat :hello everyone", await bob.ReadLineAsync());
        await alice.SendAsync("NOTICE #chat :a notice");
        Assert.Equal(":alice!~alice@127.0.0.1 NOTICE #chat :a notice", await bob.ReadLineAsync());
        await alice.SendAsync("PRIVMSG bob,#chat :twice");
        Assert.Equal(":alice!~alice@127.0.0.1 PRIVMSG bob :twice", await bob.ReadLineAsync());
        Assert.Equal(":alice!~alice@127.0.0.1 PRIVMSG #chat :twice", await bob.ReadLineAsync());
        await alice.SendAsync("PRIVMSG #chat :\u0001ACTION waves\x01");
        Assert.Equal(":alice!~alice@127.0.0.1 PRIVMSG #chat :\u0001ACTION waves\x01", await bob.ReadLineAsync());

        await alice.SendAsync("PRIVMSG nobody :hi");
        Assert.Equal(":test.parley 401 alice nobody :No such nick/channel", await alice.ExpectNumericAsync("401"));
        await alice.SendAsync("PRIVMSG #void :hi");
        await alice.ExpectNumericAsync("403");
        await using var carol = await IrcClient.RegisterAsync(server.IrcEndPoint, "carol");
        await carol.SendAsync("PRIVMSG #chat :from outside");
        Assert.Equal(":test.parley 404 carol #chat :Cannot send to channel", await carol.ExpectNumericAsync("404"));
        await alice.SendAsync("PRIVMSG");
        await alice.ExpectNumericAsync("411");
        await alice.SendAsync("PRIVMSG bob");
        await alice.ExpectNumericAsync("412");
        await alice.SendAsync("NOTICE nobody :silence");
        await alice.SendAsync("PING :after");
        Assert.Contains("after", await alice.ExpectContainsAsync("PONG"), StringComparison.Ordinal);
        // RFC 2812: no error answers a NOTICE, so only the PRIVMSG's 401 was ever sent.
        Assert.Single(alice.Seen, l => IrcClient.IsNumeric(l, "401"));
    }

    [Fact]
    public async Task Away_is_reported_to_senders_and_nick_changes_are_seen()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#n");
        await bob.JoinAsync("#n");
        await bob.SendAsync("AWAY :lunch");
        Assert.Equal(":test.parley 306 bob :You have been marked as being away", await bob.ExpectNumericAsync("306"));
        await alice.SendAsync("PRIVMSG bob :there?");
        Assert.Equal(":test.parley 301 alice bob :lunch", await alice.ExpectNumericAsync("301"));
        await bob.SendAsync("AWAY");
        await bob.ExpectNumericAsync("305");
        await bob.SendAsync("NICK robert");
        Assert.Equal(":bob!~bob@127.0.0.1 NICK robert", await bob.ExpectContainsAsync(" NICK "));
        Assert.Equal(":bob!~bob@127.0.0.1 NICK robert", await alice.ExpectContainsAsync(" NICK "));
        await alice.SendAsync("NICK ROBERT");
        await alice.ExpectNumericAsync("433");
        await alice.SendAsync("NICK a*b");
        await alice.ExpectNumericAsync("432");
    }
}
