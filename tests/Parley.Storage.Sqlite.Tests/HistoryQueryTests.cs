using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>Latest, Before, After, Around, Between over "#a" holding sequences 1..10, a second apart.</summary>
public sealed class HistoryQueryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;
    private readonly List<StoredMessage> _a = Messages.Run("#a", 10);

    public HistoryQueryTests()
    {
        _store = SqliteMessageStore.Open(_dir.Options());
        _store.Append(_a);
        _store.Append(Messages.Run("#b", 10)); // same sequences and times in another room: must never leak into #a
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private HistoryAnchor Id(long seq) => HistoryAnchor.ById(_a[(int)seq - 1].MsgId);

    private HistoryAnchor TimeOf(long seq) => HistoryAnchor.AtTime(_a[(int)seq - 1].Time);

    private static List<long> S(IReadOnlyList<StoredMessage> page) => Messages.Seqs(page);

    [Fact]
    public void Latest_returns_the_newest_oldest_first()
    {
        Assert.Equal([8L, 9, 10], S(_store.Latest("#a", 3)));
        Assert.Equal(Messages.Range(1, 10), S(_store.Latest("#a", 1000)));
        Assert.Empty(_store.Latest("#a", 0));
        Assert.Empty(_store.Latest("#a", -1));
        Assert.Empty(_store.Latest("#nowhere", 5));
        Assert.All(_store.Latest("#a", 10), m => Assert.Equal("#a", m.Target));
    }

    [Fact]
    public void Before_returns_the_nearest_messages_strictly_before()
    {
        Assert.Equal([3L, 4], S(_store.Before("#a", Id(5), 2)));
        Assert.Equal(Messages.Range(1, 4), S(_store.Before("#a", Id(5), 100)));
        Assert.Equal([3L, 4], S(_store.Before("#a", TimeOf(5), 2)));
        Assert.Empty(_store.Before("#a", Id(1), 5));
        Assert.Empty(_store.Before("#a", Id(5), 0));
    }

    [Fact]
    public void After_returns_the_nearest_messages_strictly_after()
    {
        Assert.Equal([6L, 7], S(_store.After("#a", Id(5), 2)));
        Assert.Equal(Messages.Range(6, 10), S(_store.After("#a", Id(5), 100)));
        Assert.Equal([6L, 7], S(_store.After("#a", TimeOf(5), 2)));
        Assert.Equal(Messages.Range(1, 10), S(_store.After("#a", HistoryAnchor.AtTime(Messages.T0), 100)));
        Assert.Empty(_store.After("#a", Id(10), 5));
        Assert.Empty(_store.After("#a", Id(5), 0));
    }

    [Fact]
    public void Around_centres_on_the_anchor_and_includes_it()
    {
        Assert.Equal([3L, 4, 5, 6, 7], S(_store.Around("#a", Id(5), 5)));
        Assert.Equal([3L, 4, 5, 6], S(_store.Around("#a", Id(5), 4)));
        Assert.Equal([5L], S(_store.Around("#a", Id(5), 1)));
        Assert.Equal([3L, 4, 5, 6], S(_store.Around("#a", TimeOf(5), 4)));
        Assert.Equal(Messages.Range(1, 10), S(_store.Around("#a", Id(5), 100)));
        Assert.Empty(_store.Around("#a", Id(5), 0));
    }

    [Fact]
    public void Around_near_an_end_fills_the_page_from_the_other_side()
    {
        Assert.Equal(Messages.Range(1, 5), S(_store.Around("#a", Id(1), 5)));
        Assert.Equal(Messages.Range(1, 5), S(_store.Around("#a", Id(2), 5)));
        Assert.Equal(Messages.Range(6, 10), S(_store.Around("#a", Id(10), 5)));
        Assert.Equal(Messages.Range(6, 10), S(_store.Around("#a", Id(9), 5)));
    }

    [Fact]
    public void Between_returns_what_lies_strictly_between_from_the_earlier_anchor()
    {
        Assert.Equal(Messages.Range(3, 7), S(_store.Between("#a", Id(2), Id(8), 100)));
        Assert.Equal([3L, 4], S(_store.Between("#a", Id(2), Id(8), 2)));
        Assert.Equal([3L, 4], S(_store.Between("#a", Id(8), Id(2), 2)));
        Assert.Equal(Messages.Range(3, 7), S(_store.Between("#a", TimeOf(2), TimeOf(8), 100)));
        Assert.Equal(Messages.Range(3, 7), S(_store.Between("#a", Id(2), TimeOf(8), 100)));
        Assert.Equal(Messages.Range(3, 7), S(_store.Between("#a", TimeOf(8), Id(2), 100)));
        Assert.Empty(_store.Between("#a", Id(4), Id(5), 100));
        Assert.Empty(_store.Between("#a", Id(2), Id(8), 0));
    }

    [Fact]
    public void An_anchor_that_is_not_found_gives_an_empty_page()
    {
        var unknown = HistoryAnchor.ById("no-such-msgid");
        var otherRoom = HistoryAnchor.ById(_store.Latest("#b", 1)[0].MsgId);
        var empty = new HistoryAnchor(null, null);

        foreach (var anchor in new[] { unknown, otherRoom, empty })
        {
            Assert.Empty(_store.Before("#a", anchor, 5));
            Assert.Empty(_store.After("#a", anchor, 5));
            Assert.Empty(_store.Around("#a", anchor, 5));
            Assert.Empty(_store.Between("#a", anchor, Id(5), 5));
            Assert.Empty(_store.Between("#a", Id(5), anchor, 5));
        }
    }

    [Fact]
    public void Time_anchors_before_or_after_all_messages_work()
    {
        var early = HistoryAnchor.AtTime(Messages.T0.AddDays(-1));
        var late = HistoryAnchor.AtTime(Messages.T0.AddDays(1));

        Assert.Empty(_store.Before("#a", early, 5));
        Assert.Equal([9L, 10], S(_store.Before("#a", late, 2)));
        Assert.Equal([1L, 2], S(_store.After("#a", early, 2)));
        Assert.Empty(_store.After("#a", late, 5));
        Assert.Equal(Messages.Range(1, 10), S(_store.Between("#a", early, late, 100)));
    }
}
