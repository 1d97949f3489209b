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
        var count = ReadHeader(bytes, out var at);
        // Each record takes at least 20 bytes, so a corrupt count cannot make a huge list.
        var messages = new List<StoredMessage>(Math.Min(count, bytes.Length / 20));
        for (var i = 0; i < count; i++)
        {
            messages.Add(MessageRecord.Read(bytes, ref at));
        }

        return messages;
    }

    /// <summary>Checks the format version and returns the message count; <paramref name="at"/> is then where the first
    /// message's record starts.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a batch this build can read.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> bytes, out int at)
    {
        if (bytes.Length < 1 + sizeof(int))
        {
            throw new InvalidDataException("a pending batch is truncated");
        }

        if (bytes[0] != FormatVersion)
        {
            throw new InvalidDataException($"pending batch format {bytes[0]} is not known to this build");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        at = 1 + sizeof(int);
        return count >= 0 && count <= (bytes.Length - at) / 20
            ? count
            : throw new InvalidDataException($"a pending batch claims {count} messages in {bytes.Length} bytes");
    }
}
