using System.Diagnostics;

namespace Parley.Bench.Scenarios;

/// <summary>
/// Drives every paced sender from one thread: a pass sends what fell due at each sender, then the thread sleeps until
/// the next message falls due anywhere.
/// </summary>
/// <remarks>
/// Each sender used to pace itself with a timer of its own. At 40,000 private messages a second from 1,000 senders
/// that was 40,000 timer wake-ups and thread-pool hand-offs a second, and the generator spent more CPU on them than
/// on its sockets (most of its samples were thread switches), CPU taken from the two cores it shares with the server
/// under test (docs/benchmarks.md, *The generator's pacing*). One thread waking about once a millisecond sends the same
/// messages at the same times: the senders' schedules are staggered, so each pass finds a few dozen due.
/// </remarks>
public static class Pacer
{
    /// <summary>The pacer's shortest sleep, about the granularity of the timers the senders used before.</summary>
    public static readonly long Tick = Stopwatch.Frequency / 1000;

    /// <summary>Runs until every sender is done (the stop, and the catch-up after it); on a thread of its own.</summary>
    public static Task RunAsync(IReadOnlyList<Sender> senders, long stopTicks) =>
        Task.Factory.StartNew(() => Run(senders, stopTicks), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Run(IReadOnlyList<Sender> senders, long stopTicks)
    {
        while (true)
        {
            var next = long.MaxValue;
            var passStart = Stopwatch.GetTimestamp();
            foreach (var sender in senders)
            {
                next = Math.Min(next, sender.Pace(passStart, stopTicks));
            }

            if (next == long.MaxValue)
            {
                return;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
            }
        }
    }
}
