namespace Parley.Core.Hubs;

/// <summary>
/// Many producers (connection readers), one consumer (the hub's thread). The consumer takes everything queued
/// in one swap, which batches naturally under load and lets the Journal commit the batch at once.
/// </summary>
internal sealed class WorkQueue
{
    private readonly object _gate = new();
    private List<HubWork> _incoming = new(256);
    private List<HubWork> _spare = new(256);
    private bool _consumerWaiting;
    private bool _completed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _incoming.Count;
            }
        }
    }

    /// <summary>False when the queue was completed (the hub has stopped).</summary>
    public bool Add(HubWork work)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _incoming.Add(work);
            if (_consumerWaiting)
            {
                _consumerWaiting = false;
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Blocks the (dedicated) hub thread until work is queued, then hands over all of it. The returned list is
    /// the consumer's until the next call. Returns null when completed and empty.
    /// </summary>
    public List<HubWork>? TakeAll(TimeSpan idleWake)
    {
        lock (_gate)
        {
            while (_incoming.Count == 0)
            {
                if (_completed)
                {
                    return null;
                }

                _consumerWaiting = true;
                if (!Monitor.Wait(_gate, idleWake))
                {
                    _consumerWaiting = false;
                    return [];
                }
            }

            var taken = _incoming;
            _spare.Clear();
            _incoming = _spare;
            _spare = taken;
            return taken;
        }
    }
}
