using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class QueryTests
{
    [Fact]
    public async Task Whois_who_whowas_ison_userhost()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#q");
        await bob.SendAsync("WHOIS alice");
        Assert.Equal(":test.parley 311 bob alice ~alice 127.0.0.1 * :Real alice", await bob.ExpectNumericAsync("311"));
        Assert.Equal(":test.parley 319 bob alice :@#q", await bob.ExpectNumericAsync("319"));
        await bob.ExpectNumericAsync("312");
        await bob.ExpectNumericAsync("317");
        await bob.ExpectNumericAsync("318");
        await bob.SendAsync("WHOIS ghost");
        await bob.ExpectNumericAsync("401");
        await bob.ExpectNumericAsync("318");

        await bob.SendAsync("WHO #q");
        Assert.Equal(":test.parley 352 bob #q ~alice 127.0.0.1 test.parley alice H@ :0 Real alice", await bob.ExpectNumericAsync("352"));
        Assert.Equal(":test.parley 315 bob #q :End of WHO list", await bob.ExpectNumericAsync("315"));

        await bob.SendAsync("ISON alice ghost bob");
        Assert.Equal(":test.parley 303 bob :alice bob", await bob.ExpectNumericAsync("303"));
        await bob.SendAsync("USERHOST alice ghost");
        Assert.Equal(":test.parley 302 bob :alice=+~alice@127.0.0.1", await bob.ExpectNumericAsync("302"));

        await alice.SendAsync("QUIT");
        await alice.ReadToEndAsync();
        await Waits.UntilAsync(() => server.OnHub(h => h.FindUser("alice") is null));
        await bob.SendAsync("WHOWAS alice");
        Assert.Equal(":test.parley 314 bob alice ~alice 127.0.0.1 * :Real alice", await bob.ExpectNumericAsync("314"));
        await bob.ExpectNumericAsync("369");
        await bob.SendAsync("WHOWAS never");
        await bob.ExpectNumericAsync("406");
        await bob.ExpectNumericAsync("369");
    }

    [Fact]
    public async Task Server_queries_answer()
    {
        await using var server = await TestServer.StartAsync(("Parley:Irc:MotdLines:0", "Line one"), ("Parley:Irc:MotdLines:1", "Line two"));
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "curious");
        Assert.Contains(":test.parley 372 curious :- Line two", c.Seen);
        await c.SendAsync("VERSION");
        Assert.StartsWith(":test.parley 351 curious parley-", await c.ExpectNumericAsync("351"), StringComparison.Ordinal);
        await c.ExpectNumericAsync("005");
        await c.SendAsync("TIME");
        await c.ExpectNumericAsync("391");
        await c.SendAsync("ADMIN");
        await c.ExpectNumericAsync("256");
        await c.ExpectNumericAsync("259");
        await c.SendAsync("INFO");
        await c.ExpectNumericAsync("374");
        await c.SendAsync("LINKS");
        await c.ExpectNumericAsync("364");
        await c.ExpectNumericAsync("365");
        await c.SendAsync("LUSERS");
        Assert.Equal(":test.parley 251 curious :There are 1 users and 0 invisible on 1 servers", await c.ExpectNumericAsync("251"));
        await c.ExpectNumericAsync("266");
        await c.SendAsync("MOTD");
        await c.ExpectNumericAsync("376");
        await c.SendAsync("VERSION other.server");
        await c.ExpectNumericAsync("402");
    }
}
