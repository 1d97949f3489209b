namespace Parley.Storage.Sqlite.Tests;

/// <summary>The background thread's once-a-second maintenance of the commit log, and what it must not hold up.</summary>
public sealed class LogMaintenanceTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_log_is_synced_even_when_the_catch_up_thread_did_all_the_writing_out()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10, CatchUpPendingMessages = 2 });

        // Past the mark at once: the catch-up thread writes this out, and the background thread (every 250 ms), which
        // leaves the write-out to it meanwhile, finds nothing to write out itself.
        store.Append(Messages.Run("#busy", 3));
        await WaitUntil(() => store.CaughtUpMessages == 3, "the catch-up thread never wrote out");
        Assert.Equal(0, store.PendingBatches);

        var synced = store.LogSyncs;
        await WaitUntil(() => store.LogSyncs > synced, "the log was not synced after the catch-up thread's write-out");
    }

    [Fact]
    public async Task A_trim_waiting_for_a_slow_sync_of_the_log_does_not_stop_commits()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        store.Append(Messages.Run("#room", 5));
        store.WriteOutPending();

        using var syncing = new ManualResetEventSlim();
        using var syncDone = new ManualResetEventSlim();
        // Stands for a sync of the log in progress (an fsync can take tens of milliseconds).
        var sync = new Thread(() =>
        {
            lock (store.LogMaintenanceLock)
            {
                syncing.Set();
                syncDone.Wait();
            }
        });
        sync.Start();
        syncing.Wait(Timeout);

        var trim = new Thread(store.DeleteWrittenOutFromLog);
        trim.Start();
        await WaitUntil(() => (trim.ThreadState & ThreadState.WaitSleepJoin) != 0, "the trim never waited for the sync");

        try
        {
            var commit = Task.Run(() => store.Append(Messages.Run("#room", 5, first: 6)));
            Assert.True(await Task.WhenAny(commit, Task.Delay(Timeout)) == commit, "a commit waited for the sync of the log");
            await commit;
        }
        finally
        {
            syncDone.Set();
            sync.Join();
            trim.Join();
        }

        store.WriteOutPending();
        Assert.Equal(10, store.LastSequence("#room"));
    }

    private static async Task WaitUntil(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(10);
        }
    }
}
