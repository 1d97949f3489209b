using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Encodes committed batches (<see cref="PendingBatchCodec"/>) into one buffer that is reused from commit to commit;
/// the encoding is valid until the next call. Not thread-safe: the store uses it under its append lock.
/// </summary>
internal sealed class BatchEncoder : IDisposable
{
    /// <summary>The buffer kept between commits; one grown for a bigger batch is let go after it.</summary>
    private const int RetainedBytes = 64 * 1024;

    private MemoryStream _stream = new(RetainedBytes);
    private BinaryWriter _writer;

    public BatchEncoder() => _writer = NewWriter(_stream);

    public ReadOnlySpan<byte> Encode(IReadOnlyList<StoredMessage> batch)
    {
        if (_stream.Capacity > RetainedBytes)
        {
            _writer.Dispose();
            _stream = new MemoryStream(RetainedBytes);
            _writer = NewWriter(_stream);
        }

        _stream.SetLength(0);
        PendingBatchCodec.Write(_writer, batch);
        return _stream.GetBuffer().AsSpan(0, (int)_stream.Length);
    }

    public void Dispose() => _writer.Dispose();

    private static BinaryWriter NewWriter(MemoryStream stream) => new(stream, System.Text.Encoding.UTF8, leaveOpen: false);
}
