using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A committed batch not yet written out to <c>messages</c>: its id in the commit log and its messages, kept as the
/// log's own encoding (<see cref="PendingBatchCodec"/>) in a pooled array, with each message's conversation key,
/// sequence and record position after it in the same array.
/// </summary>
/// <remarks>
/// Why bytes: a batch waits up to a quarter of a second for the write-out, which is longer than many a young
/// generation lasts. Kept as objects, every pending message with its strings was promoted by the collector (after
/// the conversation keys, the largest part of what private messages left for each collection to copy;
/// docs/benchmarks.md). Pooled arrays are old already and bytes hold no references, so a pending batch costs the
/// collector this one small object. The write-out, and a read of a conversation's pending messages, decode
/// records when they need them; <c>LastSequence</c>-style questions are answered from the entries alone.
/// Threads: made on the committing thread, read under the store's pending lock or by the one write-out, and
/// <see cref="Release"/>d by the write-out once no one can reach it.
/// </remarks>
internal sealed class PendingBatch
{
    /// <summary>The size of one entry in the array: the key, the sequence and the record's offset.</summary>
    private static readonly int EntrySize = Unsafe.SizeOf<Entry>();

    private byte[]? _array;
    private readonly int _length;
    private readonly int _entriesAt;

    /// <param name="id">The batch's id in the commit log.</param>
    /// <param name="encoded">The batch as <see cref="PendingBatchCodec"/> encodes it; copied.</param>
    /// <exception cref="InvalidDataException">The bytes are not a batch this build can read.</exception>
    /// <remarks>The entries share the bytes' array, after them: one rented array per batch instead of two. The
    /// pool's smallest array of entries holds 16 (512 bytes), so a batch of one private message, the common case,
    /// paid more for its entries than for its record (docs/benchmarks.md, *Pending messages in one array*).</remarks>
    public PendingBatch(long id, ReadOnlySpan<byte> encoded)
    {
        Id = id;
        Count = PendingBatchCodec.ReadHeader(encoded, out var at);
        _length = encoded.Length;
        _entriesAt = encoded.Length;
        var array = ArrayPool<byte>.Shared.Rent(_entriesAt + (Count * EntrySize));
        try
        {
            var entries = array.AsSpan(_entriesAt);
            for (var i = 0; i < Count; i++)
            {
                var start = at;
                var view = MessageRecord.View(encoded, ref at);
                var entry = new Entry(MessageRecord.TargetKey(view.Target), view.Sequence, start);
                MemoryMarshal.Write(entries[(i * EntrySize)..], in entry);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }

        encoded.CopyTo(array);
        _array = array;
    }

    public long Id { get; }

    /// <summary>The batch's messages.</summary>
    public int Count { get; }

    /// <summary>The key (<see cref="MessageRecord.TargetKey(string)"/>) of message <paramref name="index"/>'s conversation.</summary>
    public UInt128 TargetKeyAt(int index) => EntryAt(index).TargetKey;

    public long SequenceAt(int index) => EntryAt(index).Sequence;

    /// <summary>Message <paramref name="index"/>, decoded into new objects.</summary>
    public StoredMessage MessageAt(int index)
    {
        var at = EntryAt(index).Offset;
        return MessageRecord.Read(Bytes, ref at);
    }

    /// <summary>Message <paramref name="index"/>'s fields as spans of the batch's bytes, valid until <see cref="Release"/>.</summary>
    public RecordView ViewAt(int index)
    {
        var at = EntryAt(index).Offset;
        return MessageRecord.View(Bytes, ref at);
    }

    /// <summary>Returns the array to the pool; the batch must not be read after this.</summary>
    public void Release()
    {
        if (_array is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
            _array = null;
        }
    }

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PendingBatch));

    private ReadOnlySpan<byte> Bytes => Array.AsSpan(0, _length);

    private Entry EntryAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        // Unaligned (the records before the entries have any length): MemoryMarshal.Read copies byte-wise as needed.
        return MemoryMarshal.Read<Entry>(Array.AsSpan(_entriesAt + (index * EntrySize), EntrySize));
    }

    private readonly record struct Entry(UInt128 TargetKey, long Sequence, int Offset);
}
