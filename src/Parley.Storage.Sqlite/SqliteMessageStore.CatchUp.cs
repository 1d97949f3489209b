using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The catch-up thread: when the background thread runs at a lower priority
/// (<see cref="SqliteStoreOptions.BackgroundNice"/>) and falls behind, a thread at the server's own priority writes
/// out in its place until the backlog is halved (<see cref="SqliteStoreOptions.CatchUpPendingMessages"/>).
/// </summary>
/// <remarks>
/// The lower priority is for the routine write-out: a burst of tens of milliseconds every quarter of a second should
/// not preempt the threads that deliver. On a machine that is busy for longer, that thread gets too little of the CPU,
/// the backlog reaches <see cref="SqliteStoreOptions.MaxPendingMessages"/>, and then every commit writes out a chunk
/// itself, stalling its thread's connections for tens of milliseconds each time (docs/benchmarks.md, *Catching up at
/// the server's priority*). A thread cannot raise its own priority back without privileges, hence a second thread,
/// started at the server's priority and idle until a commit finds the backlog too large.
/// While it works the background thread leaves the write-out to it: otherwise the starved thread could hold the
/// writer's lock, chunk after chunk, with the catch-up waiting behind it.
/// </remarks>
public sealed partial class SqliteMessageStore
{
    private readonly SemaphoreSlim _catchUpWake = new(0);
    private Thread? _catchUp;
    private int _catchingUp;
    private long _caughtUpMessages;

    /// <summary>Messages the catch-up thread has written out (for tests and metrics).</summary>
    internal long CaughtUpMessages => Interlocked.Read(ref _caughtUpMessages);

    /// <summary>Whether this store runs a catch-up thread (only when its background thread runs at a lower priority).</summary>
    internal bool HasCatchUpThread => _catchUp is not null;

    /// <summary>While the catch-up thread works, the background thread does not write out.</summary>
    private bool CatchingUp => Volatile.Read(ref _catchingUp) == 1;

    private void StartCatchUp()
    {
        if (_backgroundNice <= 0)
        {
            return;
        }

        _catchUp = new Thread(CatchUpLoop) { IsBackground = true, Name = "parley-catchup" };
        _catchUp.Start();
    }

    private void StopCatchUp()
    {
        // The stop event is set already (StopBackground); the wake lets the thread see it.
        // Not disposed: it has no wait handle to free, and a commit racing the store's disposal may still release it.
        _catchUpWake.Release();
        _catchUp?.Join();
    }

    /// <summary>Called by a commit after it queued its batch: wakes the catch-up thread once the backlog passes the mark.</summary>
    private void CatchUpIfBehind()
    {
        if (_catchUp is not null && Volatile.Read(ref _pendingMessages) > _catchUpAt
            && Interlocked.CompareExchange(ref _catchingUp, 1, 0) == 0)
        {
            _catchUpWake.Release();
        }
    }

    private void CatchUpLoop()
    {
        while (true)
        {
            _catchUpWake.Wait();
            if (_backgroundStop.IsSet)
            {
                return;
            }

            try
            {
                var written = 0L;
                while (!_backgroundStop.IsSet && Volatile.Read(ref _pendingMessages) > _catchUpAt / 2)
                {
                    var rows = WriteOutChunk();
                    if (rows == 0)
                    {
                        break;
                    }

                    written += rows;
                    Interlocked.Add(ref _caughtUpMessages, rows);
                }

                if (written > 0)
                {
                    DeleteWrittenOutFromLog();
                }
            }
            catch (SqliteException)
            {
                // As in the background loop: the work stays pending, and the next commit past the mark retries.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                Volatile.Write(ref _catchingUp, 0);
            }
        }
    }
}
