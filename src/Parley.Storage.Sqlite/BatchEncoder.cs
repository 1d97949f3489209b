using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Encodes committed batches (<see cref="PendingBatchCodec"/>) into one buffer that is reused from commit to commit;
/// the encoding is valid until the next call. Not thread-safe: the store uses it under its append lock.
/// </summary>
internal sealed class BatchEncoder : IDisposable
{
    /// <summary>The buffer's first size; it grows with the batches (a full batch of 1,024 messages is about 150 KB).</summary>
    private const int FirstBytes = 64 * 1024;

    /// <summary>The largest buffer kept between commits; a bigger one is let go before the next.</summary>
    private const int RetainedBytes = 1 << 20;

    private MemoryStream _stream = new(FirstBytes);
    private BinaryWriter _writer;

    public BatchEncoder() => _writer = NewWriter(_stream);

    public ReadOnlySpan<byte> Encode(IReadOnlyList<StoredMessage> batch)
    {
        if (_stream.Capacity > RetainedBytes)
        {
            _writer.Dispose();
            _stream = new MemoryStream(FirstBytes);
            _writer = NewWriter(_stream);
        }

        _stream.SetLength(0);
        PendingBatchCodec.Write(_writer, batch);
        return _stream.GetBuffer().AsSpan(0, (int)_stream.Length);
    }

    public void Dispose() => _writer.Dispose();

    private static BinaryWriter NewWriter(MemoryStream stream) => new(stream, System.Text.Encoding.UTF8, leaveOpen: false);
}
