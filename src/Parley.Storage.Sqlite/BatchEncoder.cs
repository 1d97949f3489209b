using System.Buffers;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Encodes committed batches (<see cref="PendingBatchCodec"/>) into one pooled buffer that is reused from commit to
/// commit; the encoding is valid until the next call. Not thread-safe: the store uses it under its append lock.
/// </summary>
internal sealed class BatchEncoder : IDisposable
{
    /// <summary>The buffer's first size; it grows with the batches (a full batch of 1,024 messages is about 150 KB).</summary>
    private const int FirstBytes = 64 * 1024;

    /// <summary>The largest buffer kept between commits; a bigger one goes back to the pool after its batch.</summary>
    private const int RetainedBytes = 1 << 20;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FirstBytes);

    public ReadOnlySpan<byte> Encode(IReadOnlyList<StoredMessage> batch)
    {
        var needed = PendingBatchCodec.MaxLength(batch);
        if (_buffer.Length < needed || _buffer.Length > RetainedBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, FirstBytes));
        }

        return _buffer.AsSpan(0, PendingBatchCodec.Write(_buffer, batch));
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
