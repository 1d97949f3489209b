using Parley.Core.Events;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Hubs;

/// <summary>
/// Gives each message its identity (id, server time, per-target sequence), makes batches of them durable in the
/// store (group commit), and only then hands them to fan-out, in order (invariants 3 and 4).
/// </summary>
/// <remarks>
/// Concurrency contract. <see cref="Accept"/>, <see cref="Submit"/> and <see cref="Drain"/> run in a round of the hub
/// (on the hub's thread, or on a reader's: rounds never overlap; see <see cref="HubLoop.RunPosted"/>).
/// Commits run on the Journal's committer thread and the fan-out of committed batches on its deliverer thread, in
/// commit order, so that the hub keeps parsing and sequencing while SQLite writes, and the next commit overlaps the
/// last fan-out: whatever the hub submits during a commit is merged into the next one (natural group commit). When
/// a round of the hub holds up to <see cref="InlineCommitMaxMessages"/> messages and those threads are idle, the hub
/// commits and delivers them itself instead (<see cref="SubmitOrCommitHere"/>), so a message takes no thread
/// hand-off at all; and so does
/// <see cref="Drain"/>, since the hub waits for it anyway. The
/// deliverer reads room membership while it fans out; that is safe because the hub never
/// changes membership while a batch is in flight: any work that is not a plain message first calls
/// <see cref="Drain"/>, which waits until every submitted batch is committed and delivered.
/// </remarks>
internal sealed class Journal : IDisposable
{
    /// <summary>
    /// The most messages a round may hold for the hub to commit and deliver them itself. Measured in paired runs
    /// (docs/benchmarks.md): 64 rather than 4, and whether or not more work waits, took a fifth off the p50 of private
    /// messages at 10,000/s and of rooms at 2,000 messages/s, and 8% off their CPU, with max-rate fan-out unchanged
    /// (its rounds are bigger and still go to the Journal's threads).
    /// </summary>
    private const int InlineCommitMaxMessages = 64;

    private readonly IMessageStore _store;
    private readonly Hub _hub;
    private readonly SequenceCache _sequences;
    private readonly FanOut _writerFanOut = new();
    private readonly FanOut _hubFanOut = new();
    private readonly object _gate = new();
    private readonly Queue<Batch> _submitted = new();
    private readonly Queue<List<Batch>> _committed = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _staleTargets = new();
    private List<StoredMessage> _rows = [];
    private List<PendingDelivery> _deliveries = [];
    private Thread? _writer;
    private Thread? _deliverer;
    private bool _stopped;

    /// <summary>Batches submitted and not yet delivered (or dropped by a failed commit); changed under the lock. The one
    /// measure of "the committer and fan-out threads have work": the hub's inline commit, its drain and a reader's round
    /// all ask it.</summary>
    private int _outstanding;
    private long _committedCount;
    private long _batches;
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;

    public Journal(IMessageStore store, Hub hub)
    {
        _store = store;
        _hub = hub;
        _sequences = new SequenceCache(hub.Options.SequenceCacheConversations);
    }

    /// <summary>Messages accepted and not yet submitted to the writer.</summary>
    public int PendingCount => _rows.Count;

    /// <summary>Messages committed since start, for metrics and tests.</summary>
    public long CommittedCount => Interlocked.Read(ref _committedCount);

    public long Batches => Interlocked.Read(ref _batches);

    public MessageEvent Accept(Session sender, string target, Room? room, Session? recipient, string? recipientNick,
        MessageKind kind, string text, string? clientTags, DateTimeOffset now)
    {
        var who = sender.Who;
        // Message times never go back, even when the clock does (an NTP step): a conversation's times then rise
        // with its sequences, which is what lets the store find a time by binary search instead of an index.
        now = now < _lastTime ? _lastTime : now;
        _lastTime = now;
        // Whole milliseconds in UTC, as the store keeps them: the live copy and the stored one then carry the same
        // time.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var message = new StoredMessage(_hub.MessageIds.Next(), now, target, NextSequence(target), kind, who.Nick, who.Account,
            recipientNick, text, who.User, who.Host);
        var hubEvent = new MessageEvent(message, who, room, clientTags);
        _rows.Add(message);
        _deliveries.Add(new PendingDelivery(hubEvent, sender, recipient));
        return hubEvent;
    }

    /// <summary>Hands the accepted messages to the writer without waiting for them.</summary>
    public void Submit()
    {
        if (_rows.Count == 0)
        {
            return;
        }

        var batch = new Batch(_rows, _deliveries);
        _rows = [];
        _deliveries = [];
        lock (_gate)
        {
            _submitted.Enqueue(batch);
            _outstanding++;
            if (_writer is null)
            {
                _writer = new Thread(WriteLoop) { IsBackground = true, Name = "parley-journal" };
                _writer.Start();
                _deliverer = new Thread(DeliverLoop) { IsBackground = true, Name = "parley-fanout" };
                _deliverer.Start();
            }

            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// The hub's end of a round. Under load (many messages, or the Journal's threads busy) the batch goes to the
    /// committer and fan-out threads, so the hub parses on while the commit is written. Otherwise the hub commits and
    /// delivers it itself, which saves two thread wake-ups: on a busy 2-core machine such hand-offs cost more than
    /// the commit (one write) and the fan-out of a few dozen messages, even when more work is waiting for the hub.
    /// </summary>
    public void SubmitOrCommitHere()
    {
        if (_rows.Count == 0)
        {
            return;
        }

        if (_rows.Count <= InlineCommitMaxMessages && IsIdle)
        {
            Drain();
            return;
        }

        Submit();
    }

    /// <summary>
    /// Whether the committer and fan-out threads have nothing in hand; any thread, without the Journal's lock (a
    /// reader asks before it takes a round, and under load the lock is the committer's and the deliverer's).
    /// </summary>
    public bool IsIdle => Volatile.Read(ref _outstanding) == 0;

    /// <summary>Waits until everything already submitted is committed and delivered (what is accepted stays here).</summary>
    private void WaitForWriter()
    {
        lock (_gate)
        {
            while (_outstanding > 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>
    /// Returns once everything accepted is committed and delivered: waits for what the writer already has, then
    /// commits and delivers the rest on the calling (hub) thread. The hub has to wait either way; handing its messages
    /// to the committer and the fan-out thread first would only add two thread wake-ups (measured under churn, where
    /// every join and quit drains: the Journal's monitor was a third of the server's futex calls). A door that must
    /// see the deliveries happen in its own thread relies on it too (IRCv3 labeled-response captures the sender's echo).
    /// </summary>
    public void Drain()
    {
        WaitForWriter();
        if (_rows.Count > 0)
        {
            // The store keeps nothing of the list it is given (it encodes the batch), so the two lists stay with the
            // hub for its next round instead of regrowing from empty every round.
            try
            {
                if (Commit(_rows, _deliveries))
                {
                    AddAll(_deliveries, _hubFanOut);
                    _hubFanOut.Finish();
                }
            }
            finally
            {
                _rows.Clear();
                _deliveries.Clear();
            }
        }

        TrimSequences();
    }

    /// <summary>Conversations whose last sequence is cached (for tests and metrics).</summary>
    internal int CachedSequences => _sequences.Count;

    /// <summary>Turns the sequence cache's generations when it is full: only here, where nothing is in flight, so
    /// that every sequence it forgets is in the store (or was refused, and is stale anyway).</summary>
    private void TrimSequences() => _sequences.Trim();

    public void Dispose()
    {
        Drain();
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The committer: takes every submitted batch at once, commits them in one transaction, and hands
    /// them to the deliverer, so that the next commit overlaps with this batch's fan-out.</summary>
    private void WriteLoop()
    {
        while (true)
        {
            List<Batch> taken;
            lock (_gate)
            {
                while (_submitted.Count == 0)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                taken = [.. _submitted];
                _submitted.Clear();
            }

            var committed = false;
            try
            {
                committed = Commit(taken);
            }
            finally
            {
                lock (_gate)
                {
                    if (committed)
                    {
                        _committed.Enqueue(taken);
                    }
                    else
                    {
                        Volatile.Write(ref _outstanding, _outstanding - taken.Count);
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>The deliverer: fans committed batches out in commit order (one thread, so per-room order holds).</summary>
    private void DeliverLoop()
    {
        while (true)
        {
            List<Batch> batches;
            lock (_gate)
            {
                while (_committed.Count == 0)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                batches = _committed.Dequeue();
            }

            try
            {
                Deliver(batches, _writerFanOut);
            }
            finally
            {
                lock (_gate)
                {
                    Volatile.Write(ref _outstanding, _outstanding - batches.Count);
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>One transaction for every batch taken. If the store fails, nobody receives those messages and each
    /// sender is told; the hub goes on. Returns whether the batches were committed.</summary>
    private bool Commit(List<Batch> batches) =>
        Commit(batches.Count == 1 ? batches[0].Rows : batches.SelectMany(b => b.Rows).ToList(),
            batches.Count == 1 ? batches[0].Deliveries : batches.SelectMany(b => b.Deliveries));

    private bool Commit(IReadOnlyList<StoredMessage> rows, IEnumerable<PendingDelivery> deliveries)
    {
        try
        {
            _store.Append(rows);
            Interlocked.Add(ref _committedCount, rows.Count);
            Interlocked.Increment(ref _batches);
            return true;
        }
        catch (Exception ex)
        {
            foreach (var row in rows)
            {
                _staleTargets.Enqueue(row.Target);
            }

            _hub.OnStoreFailure(ex, deliveries.Select(d => d.Sender).Distinct());
            return false;
        }
    }

    /// <summary>Fan-out of committed batches in order, then one wake-up per connection for all of them (its writer
    /// then writes everything and flushes once).</summary>
    private static void Deliver(List<Batch> batches, FanOut fanOut)
    {
        foreach (var batch in batches)
        {
            AddAll(batch.Deliveries, fanOut);
        }

        fanOut.Finish();
    }

    private static void AddAll(List<PendingDelivery> deliveries, FanOut fanOut)
    {
        foreach (var delivery in deliveries)
        {
            fanOut.Add(delivery.Event, delivery.Sender, delivery.Recipient);
        }
    }

    private long NextSequence(string target)
    {
        // After a failed commit the store's numbers are the truth again for the targets involved.
        while (_staleTargets.TryDequeue(out var stale))
        {
            _sequences.Forget(SequenceCache.KeyOf(stale));
        }

        var key = SequenceCache.KeyOf(target);
        if (!_sequences.TryGet(key, out var last))
        {
            last = _store.LastSequence(target);
        }

        _sequences.Set(key, ++last);
        return last;
    }

    private readonly record struct PendingDelivery(MessageEvent Event, Session Sender, Session? Recipient);

    private sealed record Batch(List<StoredMessage> Rows, List<PendingDelivery> Deliveries);
}
