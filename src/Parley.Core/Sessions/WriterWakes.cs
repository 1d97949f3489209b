namespace Parley.Core.Sessions;

/// <summary>
/// Lets one thread (the hub's) run the connection writers it wakes itself, at the end of its round, instead of
/// queueing each to the thread pool. A thread that has not opted in wakes writers through the pool as before.
/// </summary>
/// <remarks>
/// Why: most of the hub's work wakes a few writers (a private message, the replies to one command, a message to a
/// small room). Each wake through the pool costs a worker's wake-up and a context switch, and then the worker's
/// sleep again; on a busy 2-core machine those switches cost more than the send itself, which the writer does
/// without waiting (the socket is non-blocking; a send the kernel cannot take at once goes on asynchronously).
/// A round that woke many writers (a large room) hands them all to the pool, so the sends run in parallel and the
/// hub goes back to its queue.
/// A writer taken from its Outbox's sleeping state is listed once; whatever is queued for it later in the round
/// goes out with the same send.
/// </remarks>
public static class WriterWakes
{
    [ThreadStatic]
    private static List<IThreadPoolWorkItem>? _deferred;

    /// <summary>The list of a thread that stopped deferring, kept for its next round (no list per round).</summary>
    [ThreadStatic]
    private static List<IThreadPoolWorkItem>? _stoppedList;

    /// <summary>From now on, writers this thread wakes wait in its list until <see cref="RunDeferred"/>.</summary>
    public static void DeferOnThisThread() => _deferred ??= _stoppedList ?? [];

    /// <summary>
    /// Runs the writers this thread woke since the last call: here, one after the other, when there are at most
    /// <paramref name="maxHere"/>; otherwise all on the thread pool.
    /// </summary>
    public static void RunDeferred(int maxHere)
    {
        if (_deferred is not { Count: > 0 } deferred)
        {
            return;
        }

        var here = deferred.Count <= maxHere;
        // Another wake during a writer's run (a writer that closes its session, say) must not change the list
        // being walked: it lands in the pool. A round that a writer's run starts (a reader told of a reset goes on
        // and posts its disconnect) defers into a list of its own, never this one.
        _deferred = null;
        if (ReferenceEquals(_stoppedList, deferred))
        {
            _stoppedList = null;
        }

        try
        {
            foreach (var writer in deferred)
            {
                if (here)
                {
                    writer.Execute();
                }
                else
                {
                    ThreadPool.UnsafeQueueUserWorkItem(writer, preferLocal: false);
                }
            }
        }
        finally
        {
            deferred.Clear();
            if (_deferred is null)
            {
                _deferred = deferred;
            }
            else
            {
                // A round run meanwhile left its own list deferring, maybe with writers for the next run: it stays.
                _stoppedList = deferred;
            }
        }
    }

    /// <summary>
    /// <see cref="RunDeferred"/>, then stops deferring on this thread (a reader that ran one round of the hub): writers
    /// it wakes later go to the thread pool at once.
    /// </summary>
    public static void RunDeferredAndStop(int maxHere)
    {
        RunDeferred(maxHere);
        _stoppedList = _deferred;
        _deferred = null;
    }

    /// <summary>Wakes a writer: deferred when this thread opted in, else queued to the thread pool.</summary>
    internal static void Wake(IThreadPoolWorkItem writer)
    {
        if (_deferred is { } deferred)
        {
            deferred.Add(writer);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(writer, preferLocal: true);
        }
    }
}
