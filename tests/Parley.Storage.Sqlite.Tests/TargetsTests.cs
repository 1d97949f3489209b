namespace Parley.Storage.Sqlite.Tests;

public sealed class TargetsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;
    private readonly DateTimeOffset _t = Messages.T0;

    public TargetsTests()
    {
        _store = SqliteMessageStore.Open(_dir.Options());
        _store.Append(
        [
            Messages.Room("#a", 1, time: _t.AddMinutes(1)),
            Messages.Room("#a", 2, time: _t.AddMinutes(5)),
            Messages.Room("#b", 1, time: _t.AddMinutes(3)),
            Messages.Room("#c", 1, time: _t.AddMinutes(4)),
            Messages.Private("alice", "bob", 1, "hi", _t.AddMinutes(2)),
            Messages.Private("bob", "zed", 1, "hi", _t.AddMinutes(6)),
            Messages.Private("aaron", "alice", 1, "hi", _t.AddMinutes(7)),
        ]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Lists_the_given_rooms_and_own_private_conversations_newest_first()
    {
        var found = _store.Targets("alice", ["#a", "#b"], _t, _t.AddHours(1), 10);

        Assert.Equal(["@aaron,alice", "#a", "#b", "@alice,bob"], found.Select(s => s.Target));
        Assert.Equal(_t.AddMinutes(5), found[1].LatestTime);
    }

    [Fact]
    public void Respects_the_time_window_in_either_order_and_the_limit()
    {
        Assert.Equal(["#b", "@alice,bob", "#a"],
            _store.Targets("alice", ["#a", "#b"], _t.AddMinutes(3), _t, 10).Select(s => s.Target));
        Assert.Equal(["@aaron,alice"], _store.Targets("alice", ["#a", "#b"], _t, _t.AddHours(1), 1).Select(s => s.Target));
        Assert.Empty(_store.Targets("alice", ["#a"], _t.AddHours(1), _t.AddHours(2), 10));
        Assert.Empty(_store.Targets("alice", ["#a"], _t, _t.AddHours(1), 0));
    }

    [Fact]
    public void No_rooms_means_only_private_conversations()
    {
        Assert.Equal(["@bob,zed", "@alice,bob"], _store.Targets("bob", [], _t, _t.AddHours(1), 10).Select(s => s.Target));
        Assert.Empty(_store.Targets("carol", [], _t, _t.AddHours(1), 10));
    }
}
