namespace Parley.Storage.Sqlite.Tests;

/// <summary>Search indexing: in the write-out's own transaction while the index is caught up, by the background
/// indexer while a backlog remains, and never a row twice or not at all.</summary>
public sealed class IndexingTests : IDisposable
{
    /// <summary>FTS5 compares the whole index with the content table and fails on any row missing or extra.</summary>
    internal const string IntegrityCheck = "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Written_out_rows_are_indexed_in_the_same_transaction()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        store.Append(Messages.Run("#a", 300));
        store.Append(Messages.Run("#b", 5));

        store.WriteOutPending();

        Assert.Equal(0, store.UnindexedRows);
        Assert.Equal(305, RawDatabase.Scalar(_dir.File(), "SELECT indexed_up_to FROM fts_state"));
        Assert.Equal(5, store.Search(["#b"], null, Messages.Run("#b", 1)[0].Text.Split(' ')[0], 10).Count);
    }

    [Fact]
    public void With_a_backlog_new_rows_wait_for_the_indexer_and_every_row_is_indexed_once()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 3));
        }

        // Rows written behind the store's back are above indexed_up_to: a backlog the write-out must not jump over.
        RawDatabase.InsertVersion1Rows(_dir.File(), Messages.Run("#old", 4));
        Assert.Equal(4, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM messages WHERE id > (SELECT indexed_up_to FROM fts_state)"));

        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 2, first: 4));
            store.WriteOutPending();
            var word = Messages.Run("#old", 1)[0].Text.Split(' ')[0];

            Assert.Equal(4, store.Search(["#old"], null, word, 10).Count); // search catches the index up first
            Assert.Equal(5, store.Search(["#a"], null, word, 10).Count);
            Assert.Equal(0, store.UnindexedRows);
        }

        RawDatabase.Execute(_dir.File(), IntegrityCheck);
        Assert.Equal(9, RawDatabase.IndexedRows(_dir.File()));
    }

    [Fact]
    public void A_backlog_of_several_chunks_is_indexed_across_their_boundaries_every_row_once()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 3));
        }

        var backlog = (2 * SqliteMessageStore.IndexChunkRows) + 5;
        RawDatabase.InsertVersion1Rows(_dir.File(), Messages.Run("#old", backlog));

        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.CatchUpIndex();

            Assert.Equal(0, store.UnindexedRows);
            var word = Messages.Run("#old", 1)[0].Text.Split(' ')[0];
            Assert.Equal(backlog, store.Search(["#old"], null, word, backlog + 10).Count);
        }

        RawDatabase.Execute(_dir.File(), IntegrityCheck);
        Assert.Equal(backlog + 3, RawDatabase.IndexedRows(_dir.File()));
    }

    [Fact]
    public void While_the_catch_up_thread_works_the_background_thread_indexes_nothing()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10 });
        store.Append(Messages.Run("#a", 3));
        store.WriteOutPending();
        store.SetCatchingUpForTests(true);
        RawDatabase.InsertVersion1Rows(_dir.File(), Messages.Run("#old", 10));

        // Two whole rounds after the rows arrived: one of them would have indexed them.
        var rounds = store.BackgroundRounds;
        Assert.True(SpinWait.SpinUntil(() => store.BackgroundRounds >= rounds + 2, TimeSpan.FromSeconds(10)), "no background rounds");
        Assert.Equal(10, store.UnindexedRows);

        store.SetCatchingUpForTests(false);
        Assert.True(SpinWait.SpinUntil(() => store.UnindexedRows == 0, TimeSpan.FromSeconds(10)), "the backlog was never indexed");
    }

    [Fact]
    public void The_index_matches_the_table_after_skipped_conflicts_and_retention()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            var first = Messages.Run("#a", 10);
            store.Append(first);
            store.WriteOutPending();
            store.Append([first[3], .. Messages.Run("#a", 2, first: 11)]); // a msgid already stored is skipped
            store.WriteOutPending();
            Assert.Equal(1, store.SkippedConflicts);
            store.ApplyRetention(new Parley.Core.Storage.RetentionPolicy(null, 5), DateTimeOffset.UtcNow);
            Assert.Equal(0, store.UnindexedRows);
        }

        RawDatabase.Execute(_dir.File(), IntegrityCheck);
        Assert.Equal(5, RawDatabase.IndexedRows(_dir.File()));
    }

    [Fact]
    public void The_index_merges_sixteen_segments_at_a_time_and_stays_whole_across_many_of_them()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            // Each write-out is one transaction, so one new FTS5 segment: enough of them to make FTS5 merge levels.
            for (var chunk = 0; chunk < 40; chunk++)
            {
                store.Append(Messages.Run($"#c{chunk}", 3));
                store.WriteOutPending();
            }

            Assert.Equal(3, store.Search(["#c0"], null, Messages.Run("#c0", 1)[0].Text.Split(' ')[0], 10).Count);
            Assert.Equal(3, store.Search(["#c39"], null, Messages.Run("#c39", 1)[0].Text.Split(' ')[0], 10).Count);
        }

        Assert.Equal(16, RawDatabase.Scalar(_dir.File(), "SELECT v FROM messages_fts_config WHERE k = 'automerge'"));
        RawDatabase.Execute(_dir.File(), IntegrityCheck);
    }
}
