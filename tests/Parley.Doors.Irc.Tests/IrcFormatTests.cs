using System.Text;
using Parley.Core.Events;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Doors.Irc.Tests;

public sealed class IrcFormatTests
{
    private static readonly Identity Alice = new("alice", "~a", "host", "Alice L", "acct", isBot: true);
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static string Render(IrcCaps caps, HubEvent e, bool direct = false) =>
        Encoding.UTF8.GetString(new IrcFormat("srv", caps, direct).Render(e).Span);

    private static MessageEvent Message(MessageKind kind, string? clientTags = null) =>
        new(new StoredMessage("0123abcd", At, "@alice,bob", 1, kind, "alice", "acct", "bob", "hi there"), Alice, null, clientTags);

    [Fact]
    public void Tags_appear_only_for_the_capabilities_that_ask_for_them()
    {
        Assert.Equal(":alice!~a@host PRIVMSG bob :hi there\r\n", Render(IrcCaps.None, Message(MessageKind.Say, "+x=1")));
        Assert.Equal("@time=2026-01-02T03:04:05.678Z :alice!~a@host PRIVMSG bob :hi there\r\n", Render(IrcCaps.ServerTime, Message(MessageKind.Say)));
        Assert.Equal("@msgid=0123abcd;bot;+x=a\\sb :alice!~a@host NOTICE bob :hi there\r\n", Render(IrcCaps.MessageTags, Message(MessageKind.Notice, "+x=a\\sb")));
        Assert.Equal("@account=acct :alice!~a@host PRIVMSG bob :\u0001ACTION hi there\u0001\r\n", Render(IrcCaps.AccountTag, Message(MessageKind.Action)));
    }

    [Fact]
    public void Optional_events_render_only_with_their_capability()
    {
        Assert.Equal("", Render(IrcCaps.None, new AwayEvent(At, Alice, "lunch")));
        Assert.Equal(":alice!~a@host AWAY :lunch\r\n", Render(IrcCaps.AwayNotify, new AwayEvent(At, Alice, "lunch")));
        Assert.Equal("", Render(IrcCaps.None, new SetNameEvent(At, Alice)));
        Assert.Equal(":alice!~a@host SETNAME :Alice L\r\n", Render(IrcCaps.Setname, new SetNameEvent(At, Alice)));
        Assert.Equal(":alice!~a@host ACCOUNT acct\r\n", Render(IrcCaps.AccountNotify, new AccountEvent(At, Alice)));
        Assert.Equal(":alice!~a@host CHGHOST ~a newhost\r\n", Render(IrcCaps.Chghost, new ChangeHostEvent(At, Alice, Alice.WithHost("~a", "newhost"))));
        Assert.Equal("", Render(IrcCaps.None, new TagMessageEvent(At, "id", Alice, null, "bob", "+typing=active")));
    }

    [Fact]
    public void Capabilities_names_round_trip()
    {
        foreach (var (name, cap) in Capabilities.All)
        {
            Assert.Equal(cap, Capabilities.Find(name));
        }

        Assert.Equal(IrcCaps.None, Capabilities.Find("no-such-cap"));
        Assert.Equal("server-time batch", Capabilities.Names(IrcCaps.Batch | IrcCaps.ServerTime));
    }

    [Fact]
    public void Client_tags_join_and_split_with_escaping()
    {
        var joined = ClientTags.Join([new("+a", "x y;z"), new("time", "ignored"), new("+b", "")]);
        Assert.Equal("+a=x\\sy\\:z;+b", joined);
        Assert.Equal([("+a", "x y;z"), ("+b", "")], ClientTags.Split(joined!));
        Assert.Null(ClientTags.Join([new("msgid", "1")]));
    }
}
