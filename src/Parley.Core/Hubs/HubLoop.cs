using Microsoft.Extensions.Logging;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>
/// The hub's thread: takes the work that connections post, runs it in arrival order, and drives the Journal's
/// group commit. One dedicated thread (not a thread-pool task) because a commit is a blocking file write that
/// must never hold up a pool thread that connections' I/O needs.
/// </summary>
/// <remarks>
/// Batching: everything queued is taken at once; message work accumulates in the Journal, any other work first
/// flushes it, and the batch is flushed when the queue runs dry. Under load a batch holds many messages (one
/// commit for all); at low load each message is committed and delivered at once.
/// </remarks>
public sealed class HubLoop : IDisposable
{
    /// <summary>The most connection writers a round runs on the hub's thread itself (<see cref="WriterWakes"/>).</summary>
    internal const int WritesHereMax = 32;

    private readonly WorkQueue _queue = new();
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Action<Hub>> _idleActions = [];
    private long _workDone;

    public HubLoop(Hub hub, ILogger<HubLoop> logger)
    {
        Hub = hub;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "parley-hub" };
    }

    public Hub Hub { get; }

    /// <summary>
    /// How long the hub's thread sleeps without work before it wakes for the idle actions. Tests set it far out, so
    /// that work left without a wake-up hangs instead of running a second late.
    /// </summary>
    internal TimeSpan IdleWake { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Completes when the loop has ended (after <see cref="Stop"/> and the last work).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Work items waiting; for metrics and back-pressure.</summary>
    public int Backlog => _queue.Count;

    /// <summary>Work items run so far (messages, commands, idle checks): how busy the server has been.</summary>
    public long WorkDone => Interlocked.Read(ref _workDone);

    public void Start() => _thread.Start();

    /// <summary>Queues work for the hub's thread; false once the hub has stopped. Any thread; never blocks for long.</summary>
    public bool Post(HubWork work) => _queue.Add(work);

    /// <summary>
    /// Queues work from a connection's reader without waking the hub's thread; the reader then calls
    /// <see cref="RunPosted"/> once it has posted what it read. False once the hub has stopped.
    /// </summary>
    public bool PostFromReader(HubWork work) => _queue.Add(work, wake: Hub.Options.ReaderRounds == ReaderRounds.Off);

    /// <summary>
    /// After a reader's <see cref="PostFromReader"/>: runs one round of the hub on the calling thread when the hub is
    /// idle and <see cref="HubOptions.ReaderRounds"/> allows it for the work queued, else leaves the work to the hub's
    /// thread (waking it if needed).
    /// </summary>
    /// <remarks>
    /// Why: at low and moderate load the hub's thread sleeps between commands, and waking it costs a context switch
    /// and a scheduler delay each time: under churn (connect, register, join, say one line, quit) that was a fifth of
    /// the server's CPU per session. The round runs only when the Journal's threads are idle too, so the reader never
    /// waits for a commit it did not make; under load the hub's thread owns the rounds and readers only queue. The
    /// idle actions stay on the hub's thread, which still wakes for them.
    /// By default (<see cref="ReaderRounds.All"/>) messages run here too, each then a commit of its own. With the
    /// server pinned to one core that doubled the p99 of private messages at 10,000/s until the store's background
    /// write-out ran at a lower priority (the store's BackgroundNice, 10 by default in the server); since then it
    /// lowers both the p50 and the tail (docs/benchmarks.md). <see cref="ReaderRounds.Commands"/> leaves messages to
    /// the hub's thread, which commits whatever queued while it was being scheduled with one write.
    /// </remarks>
    public void RunPosted()
    {
        var rounds = Hub.Options.ReaderRounds;
        if (rounds == ReaderRounds.Off)
        {
            return;
        }

        if (!Hub.Journal.IsIdle)
        {
            _queue.WakeConsumer();
            return;
        }

        if (_queue.TryTakeAllHere(withMessages: rounds == ReaderRounds.All) is not { } batch)
        {
            return;
        }

        WriterWakes.DeferOnThisThread();
        try
        {
            RunRound(batch);
        }
        catch (Exception ex)
        {
            Log.ServerWorkFailed(_logger, ex);
        }
        finally
        {
            // In a read loop's pass, work that came in during the round runs in the pass's next round (or the pass
            // wakes the hub's thread for it as it ends), and the writers wait for its end, with those of the
            // pass's other rounds.
            _queue.Release(wake: !ReaderBatch.IsOpen);
            if (!ReaderBatch.IsOpen)
            {
                WriterWakes.RunDeferredAndStop(WritesHereMax);
            }
        }
    }

    /// <summary>Wakes the hub's thread if work waits that no reader will run (the end of a read loop's pass).</summary>
    internal void WakeIfWaiting() => _queue.WakeConsumer();

    /// <summary>Runs <paramref name="action"/> on the hub's thread when it is idle, at most once a second (retention, timeouts).</summary>
    public void OnIdle(Action<Hub> action) => _idleActions.Add(action);

    /// <summary>Runs a function on the hub's thread and returns its result (for tests and start-up/shutdown steps).</summary>
    public Task<T> InvokeAsync<T>(Func<Hub, T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(new DelegateWork(null, hub =>
        {
            try
            {
                completion.SetResult(function(hub));
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        }));
        if (!posted)
        {
            completion.SetException(new InvalidOperationException("The hub has stopped."));
        }

        return completion.Task;
    }

    /// <summary>Tells every client that the server stops, closes them gracefully, and ends the loop after that.</summary>
    public void Stop(string notice)
    {
        Post(new DelegateWork(null, hub => hub.Shutdown(notice)));
        _queue.Complete();
    }

    public void Dispose()
    {
        _queue.Complete();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void Run()
    {
        var lastIdle = Hub.Time.GetTimestamp();
        WriterWakes.DeferOnThisThread();
        try
        {
            while (_queue.TakeAll(IdleWake) is { } batch)
            {
                try
                {
                    RunRound(batch);
                    if (Hub.Time.GetElapsedTime(lastIdle) >= IdleWake)
                    {
                        lastIdle = Hub.Time.GetTimestamp();
                        RunIdleActions();
                    }
                }
                finally
                {
                    _queue.Release();
                }

                WriterWakes.RunDeferred(WritesHereMax);
            }

            Hub.StopJournal();
            WriterWakes.RunDeferred(WritesHereMax);
            Log.Stopped(_logger, Hub.CommittedMessages, Hub.Journal.Batches);
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            // Only a failure of the loop itself lands here (work failures are caught per item): nothing can run any more.
            Log.ServerWorkFailed(_logger, ex);
            _stopped.TrySetException(ex);
        }
    }

    private void RunRound(List<HubWork> batch)
    {
        Interlocked.Add(ref _workDone, batch.Count);
        foreach (var work in batch)
        {
            Execute(work);
        }

        Hub.EndRound();
    }

    private void Execute(HubWork work)
    {
        var session = work.Session;
        try
        {
            if (session is not null && session.IsClosing && !work.RunsWhenClosing)
            {
                return;
            }

            if (!work.IsMessage)
            {
                Hub.FlushJournal();
            }

            work.Execute(Hub);
        }
        catch (Exception ex)
        {
            if (session is null)
            {
                Log.ServerWorkFailed(_logger, ex);
            }
            else
            {
                Log.WorkFailed(_logger, session.Id, ex);
                session.Close("Internal error", graceful: false);
            }
        }
        finally
        {
            work.Gate?.Release();
        }
    }

    private void RunIdleActions()
    {
        foreach (var action in _idleActions)
        {
            try
            {
                action(Hub);
            }
            catch (Exception ex)
            {
                Log.ServerWorkFailed(_logger, ex);
            }
        }
    }
}
