using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The store's background thread: writes committed batches out of the commit log to <c>messages</c>, indexes them
/// for search, trims and syncs the log and checkpoints the database, so that none of this work is on the path a
/// message takes before delivery.
/// </summary>
/// <remarks>
/// It runs at normal CPU priority. It used to run at the lowest (nice 19), to use only what delivery leaves idle;
/// but it holds locks that the committing thread needs (the history writer's, for back-pressure), and on a saturated
/// CPU a nice-19 thread holding a lock is scheduled so rarely that every commit waits behind it: private messages
/// at 40,000/s on one core fell from about 6,000 delivered per second to about 100 (docs/benchmarks.md).
/// </remarks>
public sealed partial class SqliteMessageStore
{
    /// <summary>How often the background thread looks for work: batches wait about this long before they are
    /// written out in larger, cheaper chunks (see <see cref="WriteOutChunkRows"/>; a read writes them out at once
    /// when it needs them, and history on join reads them from memory).</summary>
    private static readonly TimeSpan BackgroundInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often, at most, the log is synced and the database checkpointed: each ends in an fsync, and one
    /// per second keeps the WAL, and what a power loss can take, to about a second of traffic.</summary>
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(1);

    private readonly ManualResetEventSlim _backgroundStop = new();
    private Thread? _background;
    private long _backgroundRounds;

    /// <summary>Rounds the background thread has finished (for tests and metrics).</summary>
    internal long BackgroundRounds => Interlocked.Read(ref _backgroundRounds);

    private void StartBackground()
    {
        _background = new Thread(BackgroundLoop) { IsBackground = true, Name = "parley-store" };
        _background.Start();
    }

    private void StopBackground()
    {
        _backgroundStop.Set();
        StopCatchUp();
        _background?.Join();
        _backgroundStop.Dispose();
    }

    private void BackgroundLoop()
    {
        if (_backgroundNice > 0)
        {
            BackgroundPriority.SetCurrentThreadNice(_backgroundNice);
        }

        var lastMaintenance = Environment.TickCount64;
        var indexedSinceMaintenance = 0L;
        while (!_backgroundStop.Wait(BackgroundInterval))
        {
            try
            {
                var written = 0L;
                while (!_backgroundStop.IsSet && Volatile.Read(ref _pendingCount) > 0 && !CatchingUp)
                {
                    written += WriteOutChunk();
                }

                if (written > 0)
                {
                    DeleteWrittenOutFromLog();
                }

                // While the catch-up thread works this thread neither writes out (above) nor indexes: an indexing
                // chunk holds the writer lock that thread needs, for longer at this thread's lower priority; the
                // catch-up bounds the search lag itself meanwhile.
                long indexed;
                while (!_backgroundStop.IsSet && !CatchingUp && (indexed = IndexChunk()) > 0)
                {
                    indexedSinceMaintenance += indexed;
                }

                // Whoever wrote out (this thread, the catch-up thread or a commit under back-pressure), the log is
                // synced and the WAL checkpointed here once a second. Counting only this thread's own write-out left
                // both undone for as long as the catch-up thread did all of it: the log unsynced (more than the second
                // a power loss may take) and the WAL checkpointed by the writer itself at its safety net, inside a
                // write-out (docs/benchmarks.md, *Stalls on the commit path*).
                if ((Volatile.Read(ref _writtenSinceMaintenance) > 0 || indexedSinceMaintenance > 0)
                    && Environment.TickCount64 - lastMaintenance >= MaintenanceInterval.TotalMilliseconds)
                {
                    Interlocked.Exchange(ref _writtenSinceMaintenance, 0);
                    indexedSinceMaintenance = 0;
                    SyncLog();
                    Checkpoint();
                    lastMaintenance = Environment.TickCount64;
                }
            }
            catch (SqliteException)
            {
                // A busy or full disk: the work stays where it is (pending, unindexed, in the WAL) and the next
                // round, or the next read, tries again.
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _backgroundRounds);
        }
    }

    /// <summary>
    /// Copies what the WAL holds into the database file without blocking the writer or readers (PASSIVE), so the
    /// WAL can restart from its beginning instead of growing.
    /// </summary>
    private void Checkpoint()
    {
        using var command = _checkpointer.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        command.ExecuteNonQuery();
    }
}
