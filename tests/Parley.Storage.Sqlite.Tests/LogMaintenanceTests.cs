using Parley.Testing;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>The background thread's once-a-second maintenance of the commit log, and what it must not hold up.</summary>
public sealed class LogMaintenanceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_log_is_synced_even_when_the_catch_up_thread_did_all_the_writing_out()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10, CatchUpPendingMessages = 2 });

        // Nothing has been written yet, so nothing has been synced. Read before the append: the sync may follow the
        // write-out before a poll sees the write-out, and a count read after it would then wait for a second one.
        var synced = store.LogSyncs;

        // Past the mark at once: the catch-up thread writes this out, and the background thread (every 250 ms), which
        // leaves the write-out to it meanwhile, finds nothing to write out itself.
        store.Append(Messages.Run("#busy", 3));
        await Waits.UntilAsync(() => Task.FromResult(store.CaughtUpMessages == 3), what: "the catch-up thread's write-out");
        Assert.Equal(0, store.PendingBatches);

        await Waits.UntilAsync(() => Task.FromResult(store.LogSyncs > synced), what: "a sync of the log after the catch-up thread's write-out");
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
        syncing.Wait(Waits.Short);

        var trim = new Thread(store.DeleteWrittenOutFromLog);
        trim.Start();
        await Waits.UntilAsync(() => Task.FromResult((trim.ThreadState & ThreadState.WaitSleepJoin) != 0), what: "the trim to wait for the sync");

        try
        {
            var commit = Task.Run(() => store.Append(Messages.Run("#room", 5, first: 6)));
            Assert.True(await Task.WhenAny(commit, Task.Delay(Waits.Short)) == commit, "a commit waited for the sync of the log");
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
}
