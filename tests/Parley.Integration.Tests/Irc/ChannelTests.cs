using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class ChannelTests
{
    [Fact]
    public async Task Join_gives_self_join_topic_and_names_and_others_see_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.SendAsync("JOIN #room");
        Assert.Equal(":alice!~alice@127.0.0.1 JOIN #room", await alice.ReadLineAsync());
        Assert.Equal(":test.parley 353 alice = #room :@alice", await alice.ReadLineAsync());
        Assert.Equal(":test.parley 366 alice #room :End of /NAMES list.", await alice.ReadLineAsync());
        await alice.SendAsync("TOPIC #room :Tea time");
        Assert.Equal(":alice!~alice@127.0.0.1 TOPIC #room :Tea time", await alice.ReadLineAsync());

        await bob.SendAsync("JOIN #room");
        Assert.Equal(":bob!~bob@127.0.0.1 JOIN #room", await bob.ReadLineAsync());
        Assert.Equal(":test.parley 332 bob #room :Tea time", await bob.ReadLineAsync());
        Assert.StartsWith(":test.parley 333 bob #room alice!~alice@127.0.0.1 ", await bob.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal(":test.parley 353 bob = #room :@alice bob", await bob.ReadLineAsync());
        await bob.ExpectNumericAsync("366");
        Assert.Equal(":bob!~bob@127.0.0.1 JOIN #room", await alice.ReadLineAsync());

        await bob.SendAsync("TOPIC #room");
        await bob.ExpectNumericAsync("332");
        await bob.SendAsync("TOPIC #room :mine now");
        Assert.Equal(":test.parley 482 bob #room :You're not channel operator", await bob.ExpectNumericAsync("482"));

        await bob.SendAsync("PART #room :bye all");
        Assert.Equal(":bob!~bob@127.0.0.1 PART #room :bye all", await bob.ReadLineAsync());
        Assert.Equal(":bob!~bob@127.0.0.1 PART #room :bye all", await alice.ReadLineAsync());
        await bob.SendAsync("PART #room");
        await bob.ExpectNumericAsync("442");
        await bob.SendAsync("PART #nowhere");
        await bob.ExpectNumericAsync("403");
    }

    [Fact]
    public async Task Join_several_with_keys_and_join_zero()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var user = await IrcClient.RegisterAsync(server.IrcEndPoint, "user");
        await op.JoinAsync("#locked");
        await op.SendAsync("MODE #locked +k secret");
        await op.ExpectContainsAsync("MODE #locked +k secret");
        await user.SendAsync("JOIN #locked,#open");
        Assert.Equal(":test.parley 475 user #locked :Cannot join channel (+k)", await user.ExpectNumericAsync("475"));
        await user.ExpectContainsAsync("JOIN #open");
        await user.SendAsync("JOIN #locked,#other secret");
        await user.ExpectContainsAsync("JOIN #locked");
        await user.ExpectNumericAsync("366");
        await user.ExpectContainsAsync("JOIN #other");
        await user.ExpectNumericAsync("366");
        await user.SendAsync("JOIN 0");
        var parts = new[] { await user.ReadLineAsync(), await user.ReadLineAsync(), await user.ReadLineAsync() };
        Assert.All(parts, p => Assert.Contains(" PART #", p, StringComparison.Ordinal));
        Assert.Equal(0, await server.OnHub(h => h.FindUser("user")!.RoomCount));
        await user.SendAsync("JOIN bad,#ok:no");
        await user.ExpectNumericAsync("403");
        await user.ExpectNumericAsync("476");
    }

    [Fact]
    public async Task Names_list_and_secret_channels()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#public");
        await alice.SendAsync("TOPIC #public :hello");
        await alice.ExpectContainsAsync("TOPIC");
        await alice.JoinAsync("#hidden");
        await alice.SendAsync("MODE #hidden +s");
        await alice.ExpectContainsAsync("MODE #hidden +s");
        await bob.SendAsync("LIST");
        await bob.ExpectNumericAsync("321");
        Assert.Equal(":test.parley 322 bob #public 1 :hello", await bob.ReadLineAsync());
        Assert.Equal(":test.parley 323 bob :End of /LIST", await bob.ReadLineAsync());
        await bob.SendAsync("NAMES #public");
        Assert.Equal(":test.parley 353 bob = #public :@alice", await bob.ReadLineAsync());
        await bob.ExpectNumericAsync("366");
        await bob.SendAsync("NAMES #hidden");
        Assert.Equal(":test.parley 366 bob #hidden :End of /NAMES list.", await bob.ReadLineAsync());
        await alice.SendAsync("NAMES #hidden");
        Assert.Equal(":test.parley 353 alice @ #hidden :@alice", await alice.ExpectNumericAsync("353"));
    }

    [Fact]
    public async Task Kick_needs_operator_and_reaches_everyone()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await op.JoinAsync("#k");
        await bob.JoinAsync("#k");
        await bob.SendAsync("KICK #k op");
        await bob.ExpectNumericAsync("482");
        await op.SendAsync("KICK #k nobody");
        await op.ExpectNumericAsync("401");
        await using var carol = await IrcClient.RegisterAsync(server.IrcEndPoint, "carol");
        await op.SendAsync("KICK #k carol");
        Assert.Equal(":test.parley 441 op carol #k :They aren't on that channel", await op.ExpectNumericAsync("441"));
        await carol.SendAsync("KICK #k bob");
        await carol.ExpectNumericAsync("442");
        await op.SendAsync("KICK #k bob :behave");
        Assert.Equal(":op!~op@127.0.0.1 KICK #k bob :behave", await op.ExpectContainsAsync(" KICK "));
        Assert.Equal(":op!~op@127.0.0.1 KICK #k bob :behave", await bob.ExpectContainsAsync(" KICK "));
        Assert.False(await server.OnHub(h => h.FindRoom("#k")!.Memberships.Any(m => m.Session.Who.Nick == "bob")));
    }

    [Fact]
    public async Task Invite_lets_a_user_into_an_invite_only_channel()
    {
        await using var server = await TestServer.StartAsync();
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var guest = await IrcClient.RegisterAsync(server.IrcEndPoint, "guest");
        await op.JoinAsync("#club");
        await op.SendAsync("MODE #club +i");
        await op.ExpectContainsAsync("MODE #club +i");
        await guest.SendAsync("JOIN #club");
        Assert.Equal(":test.parley 473 guest #club :Cannot join channel (+i)", await guest.ExpectNumericAsync("473"));
        await guest.SendAsync("INVITE op #club");
        await guest.ExpectNumericAsync("442");
        await op.SendAsync("INVITE nobody #club");
        await op.ExpectNumericAsync("401");
        await op.SendAsync("INVITE guest #club");
        Assert.Equal(":test.parley 341 op guest :#club", await op.ExpectNumericAsync("341"));
        Assert.Equal(":op!~op@127.0.0.1 INVITE guest #club", await guest.ExpectContainsAsync(" INVITE "));
        await guest.JoinAsync("#club");
        await op.SendAsync("INVITE guest #club");
        await op.ExpectNumericAsync("443");
    }
}
