using Parley.Core.Hubs;

namespace Parley.Core.Sessions;

/// <summary>
/// Lets a thread that runs many connections' readers one after the other (a read loop's pass over the connections
/// its last wait found ready) run the hub's round and the woken writers once, at the end of the pass, instead of
/// once per connection.
/// </summary>
/// <remarks>
/// Why: with a round and a flush per connection, a member of a busy room gets one send for each connection that
/// spoke, joined or quit in the pass; at the end of the pass all of it goes out in one. On loopback a send costs
/// about 6 µs, most of it waking the receiver, and churn's sessions made 7 to 8 sends where InspIRCd, whose loop
/// writes once per pass, makes 5 (docs/benchmarks.md, *Churn: what the I/O pattern costs, on the floor*).
/// Outside a batch (.NET's socket engine, which has no end-of-pass hook) each reader runs its own round at once.
/// </remarks>
public static class ReaderBatch
{
    [ThreadStatic]
    private static bool _open;

    [ThreadStatic]
    private static List<HubLoop>? _owed;

    [ThreadStatic]
    private static List<HubLoop>? _ran;

    /// <summary>Whether this thread is inside a batch now.</summary>
    public static bool IsOpen => _open;

    /// <summary>Starts a batch on this thread: rounds and writers wait for <see cref="End"/>.</summary>
    public static void Begin()
    {
        _open = true;
        WriterWakes.DeferOnThisThread();
    }

    /// <summary>
    /// Ends the batch: each hub that readers posted to runs its round (on this thread when it is idle), then every
    /// writer woken in the batch writes once.
    /// </summary>
    public static void End()
    {
        try
        {
            if (_owed is { Count: > 0 } owed)
            {
                // The batch stays open while the rounds run: a round can make a waiting reader go on (a QUIT cancels
                // its connection's read, and the reader then posts the disconnect), and what it posts runs in a
                // further round here rather than waking the hub's thread. Work other threads queued meanwhile is the
                // hub's.
                var ran = _ran ??= [];
                try
                {
                    while (owed.Count > 0)
                    {
                        var loop = owed[^1];
                        owed.RemoveAt(owed.Count - 1);
                        loop.RunPosted();
                        if (!ran.Contains(loop))
                        {
                            ran.Add(loop);
                        }
                    }
                }
                finally
                {
                    foreach (var loop in ran)
                    {
                        loop.WakeIfWaiting();
                    }

                    ran.Clear();
                    owed.Clear();
                }
            }
        }
        finally
        {
            _open = false;
            WriterWakes.RunDeferredAndStop(HubLoop.WritesHereMax);
        }
    }

    /// <summary>Inside a batch: notes that <paramref name="loop"/> owes a round at its end and returns true.</summary>
    internal static bool TryDefer(HubLoop loop)
    {
        if (!_open)
        {
            return false;
        }

        var owed = _owed ??= [];
        if (!owed.Contains(loop))
        {
            owed.Add(loop);
        }

        return true;
    }
}
