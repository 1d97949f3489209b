using Parley.Core.Events;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>
/// A run of one room's messages rendered in one format and copied, in order, into a few contiguous buffers (a lone
/// message stays as rendered), so that a member's share of the run is a few slices rather than one queue item per
/// message: its Outbox takes one item per buffer, and its writer copies each with one call. Reused from run to run by its <see cref="FanOut"/>; the
/// buffers themselves are new for every run, since recipients' queues keep them until written.
/// </summary>
internal sealed class PackedRun
{
    private readonly List<ReadOnlyMemory<byte>> _buffers = [];
    private ReadOnlyMemory<byte>[] _rendered = [];
    private int[] _buffer = [];
    private int[] _start = [];
    private int[] _end = [];
    private int _count;

    public IEventFormat? Format { get; private set; }

    /// <summary>Renders every message of <paramref name="run"/> in <paramref name="format"/> and packs the bytes.</summary>
    public void Pack(IEventFormat format, List<MessageEvent> run)
    {
        Format = format;
        _count = run.Count;
        if (_rendered.Length < _count)
        {
            var length = Math.Max(_count, _rendered.Length * 2);
            _rendered = new ReadOnlyMemory<byte>[length];
            _buffer = new int[length];
            _start = new int[length];
            _end = new int[length];
        }

        for (var i = 0; i < _count; i++)
        {
            _rendered[i] = format.Render(run[i]);
        }

        var first = 0;
        while (first < _count)
        {
            // As many messages as fit in one buffer, and at least one (a message longer than a buffer gets its own).
            var size = _rendered[first].Length;
            var next = first + 1;
            while (next < _count && size + _rendered[next].Length <= FanOut.PackedBufferBytes)
            {
                size += _rendered[next++].Length;
            }

            if (next == first + 1)
            {
                // A lone message (the usual run at chat's rates) is queued as rendered, without a copy.
                (_buffer[first], _start[first], _end[first]) = (_buffers.Count, 0, size);
                _buffers.Add(_rendered[first]);
                first = next;
                continue;
            }

            var bytes = GC.AllocateUninitializedArray<byte>(size);
            var offset = 0;
            for (var i = first; i < next; i++)
            {
                var span = _rendered[i].Span;
                span.CopyTo(bytes.AsSpan(offset));
                _buffer[i] = _buffers.Count;
                _start[i] = offset;
                offset += span.Length;
                _end[i] = offset;
            }

            _buffers.Add(bytes);
            first = next;
        }
    }

    /// <summary>Every message of the run, as one slice per buffer; returns how many slices it wrote.</summary>
    public int Whole(Span<ReadOnlyMemory<byte>> into)
    {
        _buffers.CopyTo(into);
        return _buffers.Count;
    }

    /// <summary>
    /// The run without the messages that <paramref name="member"/> sent (<paramref name="except"/>: per message, the
    /// session not to receive it), as the fewest slices: consecutive kept messages in one buffer are one slice.
    /// </summary>
    /// <remarks>
    /// A slice keeps its whole buffer alive while it waits in the member's queue, but the queue's limit counts only
    /// the slice. Where the member keeps less than half of a buffer (it sent most of those messages), its share of
    /// that buffer is copied instead, so that a client that sends much and never reads holds at most about twice
    /// what its queue counts, never a whole buffer per message.
    /// </remarks>
    public int ShareWithout(Session member, List<Session?> except, Span<ReadOnlyMemory<byte>> into)
    {
        var slices = 0;
        var i = 0;
        while (i < _count)
        {
            var buffer = _buffer[i];
            var first = slices;
            var kept = 0;
            int from = -1, to = 0;
            for (; i < _count && _buffer[i] == buffer; i++)
            {
                if (ReferenceEquals(except[i], member))
                {
                    continue;
                }

                if (from >= 0 && _start[i] == to)
                {
                    to = _end[i];
                    continue;
                }

                kept += Emit(into, ref slices, buffer, from, to);
                (from, to) = (_start[i], _end[i]);
            }

            kept += Emit(into, ref slices, buffer, from, to);
            if (kept > 0 && kept * 2 < _buffers[buffer].Length)
            {
                into[first] = Compact(into[first..slices], kept);
                slices = first + 1;
            }
        }

        return slices;
    }

    private int Emit(Span<ReadOnlyMemory<byte>> into, ref int slices, int buffer, int from, int to)
    {
        if (from < 0 || to <= from)
        {
            return 0;
        }

        into[slices++] = _buffers[buffer].Slice(from, to - from);
        return to - from;
    }

    private static byte[] Compact(Span<ReadOnlyMemory<byte>> parts, int length)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        var offset = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(bytes.AsSpan(offset));
            offset += part.Length;
        }

        return bytes;
    }

    /// <summary>Lets go of the run's bytes and rendered messages (the recipients' queues hold what they need).</summary>
    public void Release()
    {
        _buffers.Clear();
        Array.Clear(_rendered, 0, _count);
        Format = null;
        _count = 0;
    }
}
