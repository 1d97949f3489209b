using Parley.Core.Events;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>
/// The fan-out of committed messages for one delivering thread (the Journal's fan-out thread, or the hub's own when
/// it commits inline): each recipient's bytes are queued in commit order, quietly, and every touched connection is
/// woken once at the end.
/// </summary>
/// <remarks>
/// Consecutive messages to the same room form a run, delivered member by member: each member's share of the run
/// (every message but those it sent itself, unless it wants its own echoed) is queued under one lock of its
/// Outbox, and each message is rendered once per format. In a busy room a batch holds many messages of that room,
/// so a member costs one lock and one wake-up per batch instead of one per message. Runs keep commit order for
/// every recipient: a run ends at the first message of another room or a private message, and runs are delivered
/// in order. Membership cannot change during a batch (work that changes it first waits for the Journal to drain).
/// Not thread-safe: one instance per delivering thread.
/// </remarks>
internal sealed class FanOut
{
    /// <summary>The most bytes of a run packed into one buffer: a few TCP segments, and far below the large object
    /// heap's threshold (85,000 bytes), whose buffers only a full collection frees.</summary>
    internal const int PackedBufferBytes = 16 * 1024;

    private readonly HashSet<Session> _toWake = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Session> _runSenders = new(ReferenceEqualityComparer.Instance);
    private readonly List<MessageEvent> _run = [];
    private readonly List<Session?> _runExcept = [];
    private readonly List<PackedRun> _runRenders = [];
    private readonly List<PackedRun> _spareRenders = [];
    private ReadOnlyMemory<byte>[] _share = new ReadOnlyMemory<byte>[64];

    /// <summary>Delivers one committed message, after those added before it.</summary>
    public void Add(MessageEvent message, Session sender, Session? recipient)
    {
        if (message.Room is { } room)
        {
            if (_run.Count > 0 && !ReferenceEquals(_run[0].Room, room))
            {
                DeliverRun();
            }

            var except = sender.EchoesOwnMessages ? null : sender;
            _run.Add(message);
            _runExcept.Add(except);
            if (except is not null)
            {
                _runSenders.Add(except);
            }

            return;
        }

        DeliverRun();
        Hub.DeliverPrivateMessage(message, sender, recipient, _toWake);
    }

    /// <summary>Ends the fan-out of a set of batches: delivers the last run and wakes each touched connection once.</summary>
    public void Finish()
    {
        DeliverRun();
        foreach (var session in _toWake)
        {
            session.Outbox.Wake();
        }

        _toWake.Clear();
    }

    private void DeliverRun()
    {
        var count = _run.Count;
        if (count == 0)
        {
            return;
        }

        var room = _run[0].Room!;
        if (_share.Length < count)
        {
            _share = new ReadOnlyMemory<byte>[Math.Max(count, _share.Length * 2)];
        }

        foreach (var member in room.Members.Keys)
        {
            var packed = PackedFor(member.FormatFor(room));
            var share = _runSenders.Contains(member) ? packed.ShareWithout(member, _runExcept, _share) : packed.Whole(_share);
            if (share > 0 && member.Outbox.EnqueueManyQuietly(_share.AsSpan(0, share)))
            {
                _toWake.Add(member);
            }
        }

        // Let go of the run's bytes: they belong to the recipients' queues now.
        Array.Clear(_share, 0, count);
        foreach (var packed in _runRenders)
        {
            packed.Release();
            _spareRenders.Add(packed);
        }

        _runRenders.Clear();
        _runSenders.Clear();
        _run.Clear();
        _runExcept.Clear();
    }

    /// <summary>The run in one format, rendered and packed on first use (a room has one to a few formats).</summary>
    private PackedRun PackedFor(IEventFormat format)
    {
        foreach (var known in _runRenders)
        {
            if (ReferenceEquals(known.Format, format))
            {
                return known;
            }
        }

        PackedRun packed;
        if (_spareRenders.Count > 0)
        {
            packed = _spareRenders[^1];
            _spareRenders.RemoveAt(_spareRenders.Count - 1);
        }
        else
        {
            packed = new PackedRun();
        }

        packed.Pack(format, _run);
        _runRenders.Add(packed);
        return packed;
    }
}
