using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>
/// Time anchors and retention by age, found by binary search over sequences (there is no index on time): checked
/// against the definition (compare the times) over a conversation with several messages per millisecond and gaps
/// in its sequences, at every interesting time.
/// </summary>
public sealed class TimeAnchorTests : IDisposable
{
    private static readonly long[] Missing = [5, 6, 7, 8, 13, 22, 23, 40];
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;
    private readonly List<StoredMessage> _c;

    public TimeAnchorTests()
    {
        // Sequences 1..40 four to a second; a whole second (5..8), single messages and the newest are missing.
        _c = Enumerable.Range(1, 40).Where(seq => !Missing.Contains(seq))
            .Select(seq => Messages.Room("#c", seq, time: Messages.T0.AddSeconds((seq - 1) / 4)))
            .ToList();
        _store = SqliteMessageStore.Open(_dir.Options());
        _store.Append(_c);
        _store.Append(Messages.Run("#d", 50)); // another conversation around the same times
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    /// <summary>Every second of the range and the millisecond either side of it, and far before and after.</summary>
    public static TheoryData<int> Offsets()
    {
        var data = new TheoryData<int>();
        foreach (var offset in new[] { -100_000, 100_000 }.Concat(Enumerable.Range(-1, 12).SelectMany(s => new[] { (s * 1000) - 1, s * 1000, (s * 1000) + 1 })))
        {
            data.Add(offset);
        }

        return data;
    }

    private static DateTimeOffset At(int offsetMs) => Messages.T0.AddMilliseconds(offsetMs);

    private List<long> Where(Func<StoredMessage, bool> keep) => _c.Where(keep).Select(m => m.Sequence).ToList();

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Before_and_after_a_time_are_exactly_the_earlier_and_later_messages(int offsetMs)
    {
        var t = At(offsetMs);
        var anchor = HistoryAnchor.AtTime(t);

        Assert.Equal(Where(m => m.Time < t), Messages.Seqs(_store.Before("#c", anchor, 100)));
        Assert.Equal(Where(m => m.Time > t), Messages.Seqs(_store.After("#c", anchor, 100)));
        Assert.Equal(Where(m => m.Time < t).TakeLast(3), Messages.Seqs(_store.Before("#c", anchor, 3)));
        Assert.Equal(Where(m => m.Time > t).Take(3), Messages.Seqs(_store.After("#c", anchor, 3)));
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Between_two_times_is_exactly_what_lies_strictly_between(int offsetMs)
    {
        var from = At(offsetMs);
        var to = At(offsetMs + 2500);

        var expected = Where(m => m.Time > from && m.Time < to);
        Assert.Equal(expected, Messages.Seqs(_store.Between("#c", HistoryAnchor.AtTime(from), HistoryAnchor.AtTime(to), 100)));
        Assert.Equal(expected, Messages.Seqs(_store.Between("#c", HistoryAnchor.AtTime(to), HistoryAnchor.AtTime(from), 100)));
    }

    [Fact]
    public void Around_a_time_splits_at_the_first_message_at_or_after_it()
    {
        var t = At(3000); // sequences 13..16 carry this time; 13 is missing
        var page = Messages.Seqs(_store.Around("#c", HistoryAnchor.AtTime(t), 4));

        Assert.Equal([11L, 12, 14, 15], page);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(3001)]
    [InlineData(100_000)]
    public void Retention_by_age_removes_exactly_the_older_messages(int cutoffMs)
    {
        var maxAge = TimeSpan.FromDays(1);
        var cutoff = At(cutoffMs);

        _store.ApplyRetention(new RetentionPolicy(maxAge, null), cutoff + maxAge);

        Assert.Equal(Where(m => m.Time >= cutoff), Messages.Seqs(_store.After("#c", HistoryAnchor.AtTime(At(-100_000)), 100)));
    }
}
