using System.Buffers;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A committed batch not yet written out to <c>messages</c>: its id in the commit log and its messages, kept as the
/// log's own encoding (<see cref="PendingBatchCodec"/>) in a pooled array, with each message's conversation key,
/// sequence and record position beside it.
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
    private byte[]? _bytes;
    private readonly int _length;
    private Entry[]? _entries;

    /// <param name="id">The batch's id in the commit log.</param>
    /// <param name="encoded">The batch as <see cref="PendingBatchCodec"/> encodes it; copied.</param>
    /// <exception cref="InvalidDataException">The bytes are not a batch this build can read.</exception>
    public PendingBatch(long id, ReadOnlySpan<byte> encoded)
    {
        Id = id;
        Count = PendingBatchCodec.ReadHeader(encoded, out var at);
        var bytes = ArrayPool<byte>.Shared.Rent(encoded.Length);
        var entries = ArrayPool<Entry>.Shared.Rent(Count);
        try
        {
            for (var i = 0; i < Count; i++)
            {
                var start = at;
                var view = MessageRecord.View(encoded, ref at);
                entries[i] = new Entry(MessageRecord.TargetKey(view.Target), view.Sequence, start);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<Entry>.Shared.Return(entries);
            throw;
        }

        encoded.CopyTo(bytes);
        (_bytes, _length, _entries) = (bytes, encoded.Length, entries);
    }

    public long Id { get; }

    /// <summary>The batch's messages.</summary>
    public int Count { get; }

    /// <summary>The key (<see cref="MessageRecord.TargetKey(string)"/>) of message <paramref name="index"/>'s conversation.</summary>
    public UInt128 TargetKeyAt(int index) => Entries[index].TargetKey;

    public long SequenceAt(int index) => Entries[index].Sequence;

    /// <summary>Message <paramref name="index"/>, decoded into new objects.</summary>
    public StoredMessage MessageAt(int index)
    {
        var at = Entries[index].Offset;
        return MessageRecord.Read(Bytes, ref at);
    }

    /// <summary>Message <paramref name="index"/>'s fields as spans of the batch's bytes, valid until <see cref="Release"/>.</summary>
    public RecordView ViewAt(int index)
    {
        var at = Entries[index].Offset;
        return MessageRecord.View(Bytes, ref at);
    }

    /// <summary>Returns the arrays to the pool; the batch must not be read after this.</summary>
    public void Release()
    {
        if (_bytes is { } bytes)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<Entry>.Shared.Return(_entries!);
            (_bytes, _entries) = (null, null);
        }
    }

    private ReadOnlySpan<byte> Bytes => (_bytes ?? throw new ObjectDisposedException(nameof(PendingBatch))).AsSpan(0, _length);

    private Entry[] Entries => _entries ?? throw new ObjectDisposedException(nameof(PendingBatch));

    private readonly record struct Entry(UInt128 TargetKey, long Sequence, int Offset);
}
