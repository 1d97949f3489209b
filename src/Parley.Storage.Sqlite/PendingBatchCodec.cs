using System.Buffers;
using System.Buffers.Binary;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The encoding of one committed batch in <c>pending_batches.rows</c>: a format version, the message count, then
/// each message's fields in a fixed order (strings as length-prefixed UTF-8, optional strings behind a presence
/// flag). Compact and cheap to write, because it is on the path every message takes before delivery.
/// </summary>
internal static class PendingBatchCodec
{
    private const byte FormatVersion = 1;

    public static byte[] Encode(IReadOnlyList<StoredMessage> batch)
    {
        using var buffer = new MemoryStream(capacity: 64 + (batch.Count * 160));
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            Write(writer, batch);
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes into a writer the caller keeps and reuses (the store's, under its append lock).</summary>
    public static void Write(BinaryWriter writer, IReadOnlyList<StoredMessage> batch)
    {
        writer.Write(FormatVersion);
        writer.Write(batch.Count);
        var longest = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            longest = Math.Max(longest, MessageRecord.MaxLength(batch[i]));
        }

        var record = ArrayPool<byte>.Shared.Rent(longest);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                writer.Write(record, 0, MessageRecord.Write(record, batch[i]));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }

        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The bytes are not a batch this build can read.</exception>
    public static List<StoredMessage> Decode(byte[] bytes)
    {
        var at = 0;
        if (bytes.Length < 1 + sizeof(int))
        {
            throw new InvalidDataException("a pending batch is truncated");
        }

        var version = bytes[at++];
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"pending batch format {version} is not known to this build");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        at += sizeof(int);
        if (count < 0)
        {
            throw new InvalidDataException("a pending batch holds a negative count");
        }

        // Each record takes at least 20 bytes, so a corrupt count cannot make a huge list.
        var messages = new List<StoredMessage>(Math.Min(count, bytes.Length / 20));
        for (var i = 0; i < count; i++)
        {
            messages.Add(MessageRecord.Read(bytes, ref at));
        }

        return messages;
    }
}
