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

    /// <summary>The format version and the message count, before the records.</summary>
    private const int HeaderBytes = 1 + sizeof(int);

    public static byte[] Encode(IReadOnlyList<StoredMessage> batch)
    {
        var into = new byte[MaxLength(batch)];
        return into.AsSpan(0, Write(into, batch)).ToArray();
    }

    /// <summary>An upper bound of <see cref="Write"/>'s length, found without reading the strings.</summary>
    public static int MaxLength(IReadOnlyList<StoredMessage> batch)
    {
        var length = HeaderBytes;
        for (var i = 0; i < batch.Count; i++)
        {
            length += MessageRecord.MaxLength(batch[i]);
        }

        return length;
    }

    /// <summary>Writes the batch at the start of <paramref name="into"/> (at least <see cref="MaxLength"/> long), each
    /// record straight into place; returns the bytes written.</summary>
    public static int Write(Span<byte> into, IReadOnlyList<StoredMessage> batch)
    {
        into[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(into[1..], batch.Count);
        var at = HeaderBytes;
        for (var i = 0; i < batch.Count; i++)
        {
            at += MessageRecord.Write(into[at..], batch[i]);
        }

        return at;
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
        if (bytes.Length < HeaderBytes)
        {
            throw new InvalidDataException("a pending batch is truncated");
        }

        if (bytes[0] != FormatVersion)
        {
            throw new InvalidDataException($"pending batch format {bytes[0]} is not known to this build");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        at = HeaderBytes;
        return count >= 0 && count <= (bytes.Length - at) / 20
            ? count
            : throw new InvalidDataException($"a pending batch claims {count} messages in {bytes.Length} bytes");
    }
}
