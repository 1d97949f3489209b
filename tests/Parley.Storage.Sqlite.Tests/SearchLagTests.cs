namespace Parley.Storage.Sqlite.Tests;

/// <summary>While the write-out is behind, search is the work that waits: rows are stored unindexed, indexed later,
/// and a search is still complete.</summary>
public sealed class SearchLagTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_write_out_behind_the_mark_leaves_its_rows_to_the_indexer_and_search_stays_complete()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { CatchUpPendingMessages = 2 });
        var word = Messages.Run("#a", 1)[0].Text.Split(' ')[0];

        // The background thread indexes what it finds every 250 ms; a round of it between the write-out and the look
        // hides the lag, so look again with a new run of rows.
        var lagged = false;
        var stored = 0;
        for (var attempt = 0; attempt < 10 && !lagged; attempt++)
        {
            store.Append(Messages.Run("#a", 100, first: stored + 1));
            stored += 100;
            store.WriteOutPending();
            lagged = store.IndexLag() >= 100;
        }

        Assert.True(lagged, "every write-out past the mark indexed its rows");
        Assert.Equal(stored, store.Search(["#a"], null, word, stored + 10).Count); // search catches the index up first
        Assert.Equal(0, store.IndexLag());
        RawDatabase.Execute(_dir.File(), IndexingTests.IntegrityCheck);
    }

    [Fact]
    public void A_write_out_under_back_pressure_indexes_down_to_the_bound_before_the_commit_returns()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with
        {
            MaxPendingMessages = 100,
            CatchUpPendingMessages = 2,
            SearchLagRows = 150,
        });

        for (var i = 0; i < 5; i++)
        {
            // From the second on, each commit finds more than 100 waiting and writes out itself.
            store.Append(Messages.Run("#a", 100, first: (i * 100) + 1));
            Assert.True(store.IndexLag() <= 150, $"lag {store.IndexLag()} after commit {i + 1}");
        }
    }

    [Fact]
    public void With_no_lag_allowed_the_write_out_indexes_as_it_writes()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { CatchUpPendingMessages = 2, SearchLagRows = 0 });

        store.Append(Messages.Run("#a", 100));
        store.WriteOutPending();

        Assert.Equal(0, store.IndexLag());
        Assert.Equal(0, store.UnindexedRows);
    }

    [Fact]
    public void A_negative_lag_is_refused()
    {
        Assert.Contains("SearchLagRows", (_dir.Options() with { SearchLagRows = -1 }).Validate(), StringComparison.Ordinal);
        Assert.Null((_dir.Options() with { SearchLagRows = 0 }).Validate());
        Assert.Equal(200_000, new SqliteStoreOptions().SearchLagRows);
    }
}
