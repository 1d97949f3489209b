using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class RetentionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;
    private readonly DateTimeOffset _now = Messages.T0.AddDays(30);

    public RetentionTests()
    {
        // Small batches, so the tests cross batch boundaries.
        _store = SqliteMessageStore.Open(_dir.Options() with { RetentionBatchSize = 7 });
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    /// <summary>One message per hour in a room, the newest an hour before "now".</summary>
    private void Hourly(string target, int count, string word) =>
        _store.Append(Enumerable.Range(1, count)
            .Select(i => Messages.Room(target, i, $"{word} number {i}", _now.AddHours(i - count - 1)))
            .ToList());

    private long Count(string sql) => RawDatabase.Scalar(_dir.File(), sql);

    private void AssertFtsConsistent()
    {
        // FTS5's own check of an external-content index against its table: throws if they disagree. Rows are
        // indexed in the background (schema version 2), so first let the index catch up, as every search does.
        _store.CatchUpIndex();
        RawDatabase.Execute(_dir.File(), "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(Count("SELECT count(*) FROM messages"), RawDatabase.IndexedRows(_dir.File()));
    }

    [Fact]
    public void A_policy_that_keeps_everything_removes_nothing()
    {
        Hourly("#a", 50, "old");

        Assert.Equal(0, _store.ApplyRetention(RetentionPolicy.KeepEverything, _now.AddYears(100)));
        Assert.Equal(0, _store.ApplyRetention(new RetentionPolicy(null, null), _now.AddYears(100)));
        Assert.Equal(50, _store.Latest("#a", 1000).Count);
    }

    [Fact]
    public void By_age_removes_exactly_the_older_messages_and_their_search_entries()
    {
        Hourly("#a", 48, "alpha");
        Hourly("#b", 10, "beta");

        // Cut-off 24 h before now: #a's messages 1..24 are 48..25 hours old and go; #b is all younger.
        var removed = _store.ApplyRetention(new RetentionPolicy(TimeSpan.FromHours(24), null), _now);

        Assert.Equal(24, removed);
        Assert.Equal(Messages.Range(25, 48), Messages.Seqs(_store.Latest("#a", 1000)));
        Assert.Equal(10, _store.Latest("#b", 1000).Count);
        Assert.Equal(24, _store.Search(["#a"], null, "alpha", 1000).Count);
        Assert.Empty(_store.Search(["#a"], null, "alpha number 3", 1000));
        AssertFtsConsistent();
        Assert.Equal(0, _store.ApplyRetention(new RetentionPolicy(TimeSpan.FromHours(24), null), _now));
    }

    [Fact]
    public void By_count_keeps_the_newest_per_target()
    {
        Hourly("#a", 100, "alpha");
        Hourly("#b", 5, "beta");
        _store.Append([Messages.Private("alice", "bob", 1, "hi"), Messages.Private("alice", "bob", 2, "there")]);

        var removed = _store.ApplyRetention(new RetentionPolicy(null, 30), _now);

        Assert.Equal(70, removed);
        Assert.Equal(Messages.Range(71, 100), Messages.Seqs(_store.Latest("#a", 1000)));
        Assert.Equal(5, _store.Latest("#b", 1000).Count);
        Assert.Equal(2, _store.Latest("@alice,bob", 10).Count);
        AssertFtsConsistent();
    }

    [Fact]
    public void Age_and_count_together_apply_both_limits()
    {
        Hourly("#a", 48, "alpha");

        var removed = _store.ApplyRetention(new RetentionPolicy(TimeSpan.FromHours(24), 10), _now);

        Assert.Equal(38, removed);
        Assert.Equal(Messages.Range(39, 48), Messages.Seqs(_store.Latest("#a", 1000)));
        AssertFtsConsistent();
    }

    [Fact]
    public void Sequences_continue_after_retention_empties_a_conversation()
    {
        Hourly("#a", 20, "alpha");

        Assert.Equal(20, _store.ApplyRetention(new RetentionPolicy(TimeSpan.FromMinutes(1), null), _now));

        Assert.Empty(_store.Latest("#a", 10));
        Assert.Equal(20, _store.LastSequence("#a"));
    }

    [Fact]
    public void A_policy_that_would_delete_everything_is_rejected()
    {
        Hourly("#a", 5, "alpha");

        Assert.Throws<ArgumentOutOfRangeException>(() => _store.ApplyRetention(new RetentionPolicy(null, 0), _now));
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.ApplyRetention(new RetentionPolicy(TimeSpan.Zero, null), _now));
        Assert.Equal(5, _store.Latest("#a", 10).Count);
    }
}
