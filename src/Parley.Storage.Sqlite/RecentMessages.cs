using System.Numerics;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The newest messages of recently read conversations, in memory, so that the read every join makes (the room's
/// latest messages) needs no SQL: measured under churn, that read was almost half of the hub's work.
/// </summary>
/// <remarks>
/// A conversation's ring is filled by its first read and then kept current by every append, so it always holds
/// the conversation's newest messages. Filling races with appends, which is why it has two steps:
/// <see cref="BeginFill"/> registers the ring before the reader looks at anything, so every message appended
/// from then on is captured; the reader then loads what was committed before, and <see cref="CompleteFill"/>
/// merges both by sequence. Retention ends with <see cref="Clear"/>, which also voids fills still in flight.
/// Bounded: at most <c>conversations</c> rings of <c>perConversation</c> messages, the least recently read
/// dropped first.
/// </remarks>
internal sealed class RecentMessages(int perConversation, int conversations)
{
    private readonly Dictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;
    private long _reads;
    private int _count;

    /// <summary>The most messages a ring holds; longer reads go to the tables.</summary>
    public int PerConversation => perConversation;

    /// <summary>The newest <paramref name="limit"/> messages, oldest first, or null when the conversation has no
    /// filled ring (or the limit is longer than a ring).</summary>
    public List<StoredMessage>? TryLatest(string target, int limit)
    {
        if (limit > perConversation || Volatile.Read(ref _count) == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_rings.TryGetValue(target, out var ring) || ring.Filling)
            {
                return null;
            }

            ring.LastRead = ++_reads;
            return ring.Newest(limit);
        }
    }

    /// <summary>Starts filling the ring of <paramref name="target"/>; from here on appends to it are captured.
    /// Returns null when rings are off or one is already being filled.</summary>
    public Fill? BeginFill(string target)
    {
        if (perConversation == 0 || conversations == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_rings.ContainsKey(target))
            {
                return null;
            }

            if (_rings.Count >= conversations)
            {
                EvictLeastRecentlyRead();
            }

            var ring = new Ring(target, perConversation) { LastRead = ++_reads }; // filling until CompleteFill
            _rings.Add(target, ring);
            Volatile.Write(ref _count, _rings.Count);
            return new Fill(target, ring, _generation);
        }
    }

    /// <summary>Completes a fill with what the reader loaded (oldest first): the ring becomes the newest messages
    /// of both, each sequence once. A fill voided by <see cref="Clear"/> or eviction is dropped.</summary>
    public void CompleteFill(Fill fill, IReadOnlyList<StoredMessage> loaded)
    {
        lock (_gate)
        {
            if (fill.Generation != _generation || !_rings.TryGetValue(fill.Target, out var ring) || !ReferenceEquals(ring, fill.Ring))
            {
                return;
            }

            ring.CompleteWith(loaded);
        }
    }

    /// <summary>Gives up a fill whose load failed, so that the next read tries again.</summary>
    public void Abandon(Fill fill)
    {
        lock (_gate)
        {
            if (_rings.TryGetValue(fill.Target, out var ring) && ReferenceEquals(ring, fill.Ring))
            {
                _rings.Remove(fill.Target);
                Volatile.Write(ref _count, _rings.Count);
            }
        }
    }

    /// <summary>Keeps every ring current; called after each committed batch, in commit order.</summary>
    public void Added(IReadOnlyList<StoredMessage> batch)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return;
        }

        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                if (_rings.TryGetValue(message.Target, out var ring))
                {
                    ring.Add(message);
                }
            }
        }
    }

    /// <summary>Forgets every ring (after retention deleted messages), including fills in flight.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rings.Clear();
            _generation++;
            Volatile.Write(ref _count, 0);
        }
    }

    private void EvictLeastRecentlyRead()
    {
        string? oldest = null;
        var oldestRead = long.MaxValue;
        foreach (var (target, ring) in _rings)
        {
            if (ring.LastRead < oldestRead)
            {
                (oldest, oldestRead) = (target, ring.LastRead);
            }
        }

        if (oldest is not null)
        {
            _rings.Remove(oldest);
            Volatile.Write(ref _count, _rings.Count);
        }
    }

    /// <summary>A fill in progress, returned by <see cref="BeginFill"/>.</summary>
    internal sealed record Fill(string Target, Ring Ring, long Generation);

    /// <summary>
    /// One conversation's newest messages, oldest first, kept as <see cref="MessageRecord"/>s in one byte array
    /// rather than as objects.
    /// </summary>
    /// <remarks>
    /// Why bytes: a ring keeps each message for as long as its conversation takes to send
    /// <c>perConversation</c> more, seconds in a busy room. A message held as objects outlives the young generation
    /// and is copied by the collector into older ones, with its strings, and every ring slot written marks a card
    /// that each collection scans: with 200 busy rooms that was 4 MB promoted per collection and pauses of
    /// 22–42 ms (docs/benchmarks.md). Bytes in an array that stays put cost the collector nothing; a read makes
    /// fresh objects that die young.
    /// Layout: the records lie back to back, oldest first, from <c>_offsets[_start]</c> to <c>_end</c>; dropping the
    /// oldest moves the start, and when the next record does not fit at the end the live ones move to the front
    /// (into a new array only when they need more room, or a quarter of it would do), and a ring that a burst of
    /// long messages made large shrinks again once they are gone.
    /// </remarks>
    internal sealed class Ring(string target, int capacity)
    {
        /// <summary>The smallest array made for a ring's records.</summary>
        private const int MinimumBytes = 256;

        /// <summary>An array larger than this is made smaller once its live records use less than a sixteenth.</summary>
        private const int ShrinkAboveBytes = 4096;

        private readonly int[] _offsets = new int[capacity];
        private byte[] _bytes = [];
        private List<StoredMessage>? _arrivedWhileFilling = [];
        private int _start;
        private int _length;
        private int _end;

        public bool Filling => _arrivedWhileFilling is not null;

        public long LastRead { get; set; }

        /// <summary>Bytes held for records (for tests).</summary>
        internal int CapacityBytes => _bytes.Length;

        public void Add(StoredMessage message)
        {
            if (_arrivedWhileFilling is { } arrived)
            {
                arrived.Add(message);
                return;
            }

            Push(message);
        }

        public void CompleteWith(IReadOnlyList<StoredMessage> loaded)
        {
            var arrived = _arrivedWhileFilling!;
            _arrivedWhileFilling = null;
            var newestLoaded = long.MinValue;
            foreach (var message in loaded)
            {
                Push(message);
                newestLoaded = message.Sequence;
            }

            // What arrived meanwhile may also be in what was loaded (written out before the load read it).
            foreach (var message in arrived)
            {
                if (message.Sequence > newestLoaded)
                {
                    Push(message);
                }
            }
        }

        public List<StoredMessage> Newest(int limit)
        {
            var take = Math.Min(limit, _length);
            var result = new List<StoredMessage>(take);
            for (var i = _length - take; i < _length; i++)
            {
                var at = _offsets[Slot(i)];
                result.Add(MessageRecord.Read(_bytes.AsSpan(0, _end), ref at, target));
            }

            return result;
        }

        private int Slot(int index) => (_start + index) % _offsets.Length;

        private void Push(StoredMessage message)
        {
            if (_length == _offsets.Length)
            {
                _start = Slot(1);
                _length--;
            }

            if (_length == 0)
            {
                _start = 0;
                _end = 0;
            }

            var longest = MessageRecord.MaxLength(message);
            var live = _length == 0 ? 0 : _end - _offsets[_start];
            if (_end + longest > _bytes.Length || (_bytes.Length > ShrinkAboveBytes && 16 * (live + longest) < _bytes.Length))
            {
                MakeRoom(longest);
            }

            _offsets[Slot(_length)] = _end;
            _end += MessageRecord.Write(_bytes.AsSpan(_end), message);
            _length++;
        }

        /// <summary>Moves the live records to the front, into a new array when they need more room or use little of it.</summary>
        private void MakeRoom(int needed)
        {
            var liveFrom = _length == 0 ? _end : _offsets[_start];
            var live = _end - liveFrom;
            var wanted = (int)Math.Max(MinimumBytes, BitOperations.RoundUpToPowerOf2((uint)(2 * (live + needed))));
            var bytes = live + needed > _bytes.Length || wanted < _bytes.Length / 4 ? new byte[wanted] : _bytes;
            Array.Copy(_bytes, liveFrom, bytes, 0, live);
            _bytes = bytes;
            for (var i = 0; i < _length; i++)
            {
                _offsets[Slot(i)] -= liveFrom;
            }

            _end = live;
        }
    }
}
