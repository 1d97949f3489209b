using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Hubs;

public sealed class HubModesTests
{
    private readonly Hub _hub = new(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);

    private FakeSession Registered(string nick)
    {
        var session = new FakeSession(nick);
        Assert.Equal(HubResult.Ok, _hub.Register(session));
        return session;
    }

    [Fact]
    public void Operators_change_modes_once_and_every_member_hears_one_mode_event()
    {
        var op = Registered("op");
        var bob = Registered("bob");
        _hub.Join(op, "#m");
        _hub.Join(bob, "#m");
        op.Drain();
        bob.Drain();
        var outcome = _hub.ChangeRoomModes(op, "#m", [new('m', true, null), new('v', true, "BOB"), new('n', true, null), new('l', true, "007")]);
        Assert.Equal(HubResult.Ok, outcome.Result);
        Assert.Equal([new ModeChange('m', true, null), new ModeChange('v', true, "bob"), new ModeChange('l', true, "7")], outcome.Applied);
        Assert.Empty(outcome.Refused);
        var room = _hub.FindRoom("#m")!;
        Assert.True(room.Has(RoomFlags.Moderated));
        Assert.Equal(7, room.UserLimit);
        Assert.True(room.MembershipOf(bob)!.IsVoiced);
        Assert.Equal(["ModeEvent"], bob.Drain());
        Assert.Equal(["ModeEvent"], op.Drain());
        var (modes, arguments) = Hub.DescribeModes(room, showKey: true);
        Assert.Equal("+mntl", modes);
        Assert.Equal(["7"], arguments);
    }

    [Fact]
    public void Non_operators_are_refused_unless_overriding()
    {
        var op = Registered("op");
        var bob = Registered("bob");
        var oper = Registered("oper");
        _hub.Join(op, "#m");
        _hub.Join(bob, "#m");
        Assert.Equal(HubResult.NeedRoomOperator, _hub.ChangeRoomModes(bob, "#m", [new('i', true, null)]).Result);
        Assert.Equal(HubResult.NotOnRoom, _hub.ChangeRoomModes(oper, "#m", [new('i', true, null)]).Result);
        Assert.Equal(HubResult.Ok, _hub.ChangeRoomModes(oper, "#m", [new('i', true, null)], overridePrivileges: true).Result);
        Assert.True(_hub.FindRoom("#m")!.Has(RoomFlags.InviteOnly));
        Assert.Equal(HubResult.NoSuchRoom, _hub.ChangeRoomModes(op, "#none", [new('i', true, null)]).Result);
    }

    [Fact]
    public void Bad_changes_are_refused_with_reasons_and_keys_and_bans_behave()
    {
        var op = Registered("op");
        var bob = Registered("bob");
        _hub.Join(op, "#m");
        var outcome = _hub.ChangeRoomModes(op, "#m",
            [new('o', true, "nobody"), new('o', true, "bob"), new('k', true, "one"), new('k', true, "two"), new('x', true, null), new('l', true, "many"), new('b', true, "bad mask")]);
        Assert.Equal([HubResult.NoSuchNick, HubResult.TargetNotOnRoom, HubResult.KeyAlreadySet, HubResult.UnknownMode, HubResult.InvalidModeParameter, HubResult.InvalidModeParameter],
            outcome.Refused.Select(r => r.Reason));
        Assert.Equal("one", _hub.FindRoom("#m")!.Key);
        Assert.Equal(HubResult.BadKey, _hub.Join(bob, "#m").Result);
        Assert.Equal(HubResult.Ok, _hub.Join(bob, "#m", "one").Result);
        _hub.Part(bob, "#m", null);
        _hub.ChangeRoomModes(op, "#m", [new('k', false, null), new('b', true, "bob")]);
        Assert.Equal("bob!*@*", Assert.Single(_hub.FindRoom("#m")!.BanList).Mask);
        Assert.Equal(HubResult.Banned, _hub.Join(bob, "#m").Result);
        Assert.Empty(_hub.ChangeRoomModes(op, "#m", [new('b', true, "BOB!*@*")]).Applied);
    }
}
