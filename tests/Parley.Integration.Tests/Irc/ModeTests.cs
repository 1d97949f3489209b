using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class ModeTests
{
    [Fact]
    public async Task Channel_modes_are_applied_by_the_hub_announced_and_enforced()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await op.JoinAsync("#m");
        await bob.JoinAsync("#m");
        await op.SendAsync("MODE #m");
        Assert.Equal(":test.parley 324 op #m :+nt", await op.ExpectNumericAsync("324"));
        await op.ExpectNumericAsync("329");

        await bob.SendAsync("MODE #m +m");
        Assert.Equal(":test.parley 482 bob #m :You're not channel operator", await bob.ExpectNumericAsync("482"));

        await op.SendAsync("MODE #m +mv-t bob");
        Assert.Equal(":op!~op@127.0.0.1 MODE #m +mv-t bob", await bob.ExpectContainsAsync(" MODE "));
        Assert.True(await server.OnHub(h => h.FindRoom("#m")!.Has(Parley.Core.Hubs.RoomFlags.Moderated)));
        await bob.SendAsync("PRIVMSG #m :voiced can talk");
        await op.ExpectContainsAsync("voiced can talk");
        await op.SendAsync("MODE #m -v bob");
        await bob.ExpectContainsAsync("MODE #m -v bob");
        await bob.SendAsync("PRIVMSG #m :muted");
        await bob.ExpectNumericAsync("404");

        await op.SendAsync("MODE #m +o bob");
        await bob.ExpectContainsAsync("MODE #m +o bob");
        await bob.SendAsync("MODE #m +l 5");
        await op.ExpectContainsAsync("MODE #m +l 5");
        await op.SendAsync("MODE #m +k key1");
        await op.ExpectContainsAsync("MODE #m +k key1");
        await op.SendAsync("MODE #m +k key2");
        await op.ExpectNumericAsync("467");
        await op.SendAsync("MODE #m");
        Assert.Equal(":test.parley 324 op #m +mnkl key1 :5", await op.ExpectNumericAsync("324"));
        await op.SendAsync("MODE #m -k *");
        await op.ExpectContainsAsync("MODE #m -k *");

        await op.SendAsync("MODE #m +x");
        Assert.Equal(":test.parley 472 op x :is unknown mode char to me", await op.ExpectNumericAsync("472"));
        await op.SendAsync("MODE #m +o nobody");
        await op.ExpectNumericAsync("401");
        await op.SendAsync("MODE #m +l");
        await op.ExpectNumericAsync("696");
        await op.SendAsync("MODE #nowhere +m");
        await op.ExpectNumericAsync("403");
    }

    [Fact]
    public async Task Bans_keep_matching_users_out_until_invited()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var troll = await IrcClient.RegisterAsync(server.IrcEndPoint, "troll");
        await op.JoinAsync("#b");
        await op.SendAsync("MODE #b +b troll");
        Assert.Equal(":op!~op@127.0.0.1 MODE #b +b troll!*@*", await op.ExpectContainsAsync(" MODE "));
        await op.SendAsync("MODE #b b");
        Assert.StartsWith(":test.parley 367 op #b troll!*@* op!~op@127.0.0.1 ", await op.ExpectNumericAsync("367"), StringComparison.Ordinal);
        await op.ExpectNumericAsync("368");
        await troll.SendAsync("JOIN #b");
        Assert.Equal(":test.parley 474 troll #b :Cannot join channel (+b)", await troll.ExpectNumericAsync("474"));
        await op.SendAsync("INVITE troll #b");
        await troll.ExpectContainsAsync(" INVITE ");
        await troll.JoinAsync("#b");
        await troll.SendAsync("PRIVMSG #b :banned but invited");
        await troll.ExpectNumericAsync("404");
        await op.SendAsync("MODE #b -b troll!*@*");
        await op.ExpectContainsAsync("MODE #b -b troll!*@*");
        await troll.SendAsync("PRIVMSG #b :free");
        await op.ExpectContainsAsync("PRIVMSG #b :free");
    }

    [Fact]
    public async Task User_modes_invisible_and_bot()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob", "message-tags");
        await alice.SendAsync("MODE alice +iB");
        Assert.Equal(":alice!~alice@127.0.0.1 MODE alice +iB", await alice.ExpectContainsAsync(" MODE "));
        await alice.SendAsync("MODE alice");
        Assert.Equal(":test.parley 221 alice :+iB", await alice.ExpectNumericAsync("221"));
        await alice.SendAsync("MODE bob +i");
        await alice.ExpectNumericAsync("502");
        await alice.SendAsync("MODE alice +z");
        await alice.ExpectNumericAsync("501");
        await bob.SendAsync("WHO *");
        await bob.ExpectNumericAsync("315");
        Assert.DoesNotContain(bob.Seen, l => IrcClient.IsNumeric(l, "352") && l.Contains(" alice ", StringComparison.Ordinal));
        await alice.SendAsync("PRIVMSG bob :beep");
        Assert.StartsWith("@msgid=", await bob.ExpectContainsAsync("beep"), StringComparison.Ordinal);
        Assert.Contains(";bot ", bob.Seen[^1], StringComparison.Ordinal);
        await bob.SendAsync("WHOIS alice");
        Assert.Equal(":test.parley 335 bob alice :is a bot", await bob.ExpectNumericAsync("335"));
    }
}
