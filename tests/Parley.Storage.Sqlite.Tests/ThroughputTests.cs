using System.Diagnostics;
using Parley.Core.Storage;
using Xunit.Abstractions;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>A rough check of group-commit speed; the real numbers live in the benchmarks.</summary>
public sealed class ThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Appending_10k_messages_in_batches_of_100_is_fast()
    {
        const int total = 10_000;
        const int batchSize = 100;
        using var store = SqliteMessageStore.Open(_dir.Options());
        var batches = Enumerable.Range(0, total / batchSize)
            .Select(b => (IReadOnlyList<StoredMessage>)Enumerable.Range(1, batchSize)
                .Select(i => Messages.Room($"#room{b % 10}", ((b / 10) * batchSize) + i, $"hello number {i} from the load test"))
                .ToList())
            .ToList();
        store.Append(Messages.Run("#warmup", 100));

        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            store.Append(batch);
        }

        clock.Stop();
        var rate = total / clock.Elapsed.TotalSeconds;
        output.WriteLine($"appended {total} messages in batches of {batchSize} in {clock.ElapsedMilliseconds} ms: {rate:N0} messages/s");

        Assert.Equal(total + 100, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM messages"));
        // Far below the target (well over 100k/s) so that a busy shared machine does not fail the build;
        // a regression to per-message transactions (a few thousand per second) still fails.
        Assert.True(rate > 20_000, $"only {rate:N0} messages/s");
    }
}
