using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class ConcurrencyTests : IDisposable
{
    private const int BatchSize = 50;
    private const int Batches = 100;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reads_during_appends_see_only_whole_batches()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        using var done = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            try
            {
                for (var b = 0; b < Batches; b++)
                {
                    store.Append(Messages.Run("#c", BatchSize, first: (b * BatchSize) + 1));
                }
            }
            finally
            {
                done.Cancel();
            }
        });

        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var reads = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                var page = store.Latest("#c", Batches * BatchSize);
                Assert.Equal(0, page.Count % BatchSize);
                Assert.Equal(Messages.Range(1, page.Count), Messages.Seqs(page));

                var last = store.LastSequence("#c");
                Assert.Equal(0, last % BatchSize);
                Assert.True(last >= page.Count); // reads never go back in time

                Assert.Equal(0, store.Search(["#c"], null, "message", 10_000).Count % BatchSize);
                if (page.Count > 0)
                {
                    Assert.NotNull(store.Find(page[^1].MsgId));
                    Assert.NotEmpty(store.Around("#c", HistoryAnchor.ById(page[0].MsgId), 10));
                }

                reads++;
            }

            return reads;
        })).ToList();

        await writer;
        var counts = await Task.WhenAll(readers);

        Assert.Equal(Batches * BatchSize, store.LastSequence("#c"));
        Assert.All(counts, c => Assert.True(c > 0));
    }

    [Fact]
    public async Task Retention_runs_alongside_appends()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { RetentionBatchSize = 25 });
        store.Append(Messages.Run("#old", 500));

        var retention = Task.Run(() => store.ApplyRetention(new RetentionPolicy(null, 100), DateTimeOffset.UtcNow));
        for (var b = 0; b < 20; b++)
        {
            store.Append(Messages.Run("#new", 10, first: (b * 10) + 1));
        }

        var removed = await retention;

        Assert.Equal(200, store.LastSequence("#new"));
        Assert.Equal(Messages.Range(401, 500), Messages.Seqs(store.Latest("#old", 1000)));
        Assert.InRange(removed, 400, 500); // 400 from #old, plus up to 100 from #new depending on timing
    }
}
