namespace Parley.Core.Hubs;

/// <summary>
/// Many producers (connection readers), one owner at a time. The owner takes everything queued in one swap, which
/// batches naturally under load and lets the Journal commit the batch at once. The owner is usually the hub's
/// dedicated thread; a reader that finds the hub idle may take one round itself (<see cref="TryTakeAllHere"/>).
/// </summary>
/// <remarks>
/// Ownership is a flag under the queue's lock rather than a lock of its own: a thread that owns the round and
/// reaches <see cref="TryTakeAllHere"/> again (a reader continuation run inline by the round it is running) is
/// refused instead of entering a second round inside the first. Work queued while another thread owns the round is
/// never stranded: <see cref="Release"/> wakes the hub's thread when work waits.
/// </remarks>
internal sealed class WorkQueue
{
    private readonly object _gate = new();
    private List<HubWork> _incoming = new(256);
    private List<HubWork> _spare = new(256);
    private bool _consumerWaiting;
    private bool _owned;
    private bool _completed;
    private int _incomingMessages;

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

    /// <summary>
    /// Queues work; false when the queue was completed (the hub has stopped). With <paramref name="wake"/> false the
    /// hub's thread is not woken: the caller promises <see cref="TryTakeAllHere"/> or <see cref="WakeConsumer"/> soon.
    /// </summary>
    public bool Add(HubWork work, bool wake = true)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _incoming.Add(work);
            if (work.IsMessage)
            {
                _incomingMessages++;
            }

            // While another thread owns the round, its Release wakes the hub's thread; waking it now would only put
            // it back to sleep.
            if (wake && !_owned)
            {
                PulseConsumer();
            }

            return true;
        }
    }

    /// <summary>Wakes the hub's thread if work waits for it (the promise of an <see cref="Add"/> without waking).</summary>
    public void WakeConsumer()
    {
        lock (_gate)
        {
            if (_incoming.Count > 0 && !_owned)
            {
                PulseConsumer();
            }
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
    /// Blocks the (dedicated) hub thread until work is queued and no other thread owns the round, then takes the
    /// round and all the work. After <paramref name="idleWake"/> without work it takes the round with nothing (for the
    /// idle actions). The returned list is the owner's until <see cref="Release"/>. Returns null when completed and
    /// empty.
    /// </summary>
    public List<HubWork>? TakeAll(TimeSpan idleWake)
    {
        lock (_gate)
        {
            while (_incoming.Count == 0 || _owned)
            {
                if (_completed && _incoming.Count == 0 && !_owned)
                {
                    return null;
                }

                _consumerWaiting = true;
                if (!Monitor.Wait(_gate, idleWake) && !_owned && _incoming.Count == 0)
                {
                    _consumerWaiting = false;
                    _owned = true;
                    return [];
                }
            }

            _consumerWaiting = false;
            return Take();
        }
    }

    /// <summary>
    /// Takes the round and all queued work on the calling thread, if nobody owns the round, work is queued, none of it
    /// is a message (<see cref="HubWork.IsMessage"/>) unless <paramref name="withMessages"/>, and the hub has not been
    /// stopped. Otherwise null, and the work is left to the owner's <see cref="Release"/> or to the hub's thread,
    /// woken here if it sleeps (one lock for both answers).
    /// </summary>
    public List<HubWork>? TryTakeAllHere(bool withMessages)
    {
        lock (_gate)
        {
            if (_owned || _completed || _incoming.Count == 0)
            {
                return null;
            }

            if (_incomingMessages > 0 && !withMessages)
            {
                PulseConsumer();
                return null;
            }

            return Take();
        }
    }

    /// <summary>
    /// Ends the owner's round; wakes the hub's thread if work came in meanwhile (or the queue was completed), unless
    /// <paramref name="wake"/> is false: the owner then promises another round or <see cref="WakeConsumer"/> soon.
    /// </summary>
    public void Release(bool wake = true)
    {
        lock (_gate)
        {
            _owned = false;
            if (_completed || (wake && _incoming.Count > 0))
            {
                PulseConsumer();
            }
        }
    }

    private List<HubWork> Take()
    {
        _owned = true;
        _incomingMessages = 0;
        var taken = _incoming;
        _spare.Clear();
        _incoming = _spare;
        _spare = taken;
        return taken;
    }

    private void PulseConsumer()
    {
        if (_consumerWaiting)
        {
            _consumerWaiting = false;
            Monitor.Pulse(_gate);
        }
    }
}
