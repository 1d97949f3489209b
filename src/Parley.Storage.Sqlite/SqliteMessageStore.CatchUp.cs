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
/// started by the first commit that finds the backlog too large (so at that thread's priority, the server's own) and
/// asleep between catch-ups. Not at open: a store that never falls behind never has it.
/// While it works the background thread leaves the write-out to it: otherwise the starved thread could hold the
/// writer's lock, chunk after chunk, with the catch-up waiting behind it.
/// </remarks>
public sealed partial class SqliteMessageStore
{
    private readonly SemaphoreSlim _catchUpWake = new(0);
    private readonly Lock _catchUpStart = new();
    private Thread? _catchUp;
    private bool _catchUpStopped;
    private int _catchingUp;
    private long _caughtUpMessages;

    /// <summary>Messages the catch-up thread has written out (for tests and metrics).</summary>
    internal long CaughtUpMessages => Interlocked.Read(ref _caughtUpMessages);

    /// <summary>Whether this store has started its catch-up thread (only a store whose background thread runs at a lower
    /// priority, once it fell behind).</summary>
    internal bool HasCatchUpThread => Volatile.Read(ref _catchUp) is not null;

    /// <summary>While the catch-up thread works, the background thread neither writes out nor indexes.</summary>
    private bool CatchingUp => Volatile.Read(ref _catchingUp) == 1;

    /// <summary>Makes the background thread see the catch-up thread at work, or no longer (for tests).</summary>
    internal void SetCatchingUpForTests(bool catchingUp) => Volatile.Write(ref _catchingUp, catchingUp ? 1 : 0);

    private void StopCatchUp()
    {
        Thread? thread;
        lock (_catchUpStart)
        {
            _catchUpStopped = true;
            thread = _catchUp;
        }

        // The stop event is set already (StopBackground); the wake lets the thread see it.
        // Not disposed: it has no wait handle to free, and a commit racing the store's disposal may still release it.
        _catchUpWake.Release();
        thread?.Join();
    }

    /// <summary>Called by a commit after it queued its batch: wakes the catch-up thread once the backlog passes the mark.</summary>
    private void CatchUpIfBehind()
    {
        if (_backgroundNice > 0 && Volatile.Read(ref _pendingMessages) > _catchUpAt
            && Interlocked.CompareExchange(ref _catchingUp, 1, 0) == 0)
        {
            if (Volatile.Read(ref _catchUp) is null && !TryStartCatchUp())
            {
                Volatile.Write(ref _catchingUp, 0);
                return;
            }

            _catchUpWake.Release();
        }
    }

    /// <summary>Starts the thread on this commit's thread, so at its priority; false once the store is closing.</summary>
    private bool TryStartCatchUp()
    {
        lock (_catchUpStart)
        {
            if (_catchUpStopped)
            {
                return false;
            }

            if (_catchUp is null)
            {
                var thread = new Thread(CatchUpLoop) { IsBackground = true, Name = "parley-catchup" };
                thread.Start();
                Volatile.Write(ref _catchUp, thread);
            }

            return true;
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
                Interlocked.Add(ref _caughtUpMessages, WriteOutDownTo(_catchUpAt / 2));
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
