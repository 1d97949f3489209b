using System.Buffers.Binary;
using System.Text;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// One message as bytes: its fields in a fixed order, strings as UTF-8 behind a 7-bit length, optional strings
/// behind a presence byte, integers little-endian. These are the bytes <see cref="BinaryWriter"/> makes for the same
/// fields, so the commit log's batches (<see cref="PendingBatchCodec"/>) keep their format, and the in-memory rings
/// of newest messages (<see cref="RecentMessages"/>) use the same form.
/// </summary>
internal static class MessageRecord
{
    /// <summary>Time, sequence, kind and two presence bytes.</summary>
    private const int FixedBytes = sizeof(long) + sizeof(long) + 1 + 2;

    /// <summary>An upper bound of <see cref="Write"/>'s length, found without reading the strings.</summary>
    public static int MaxLength(StoredMessage message) =>
        FixedBytes + MaxString(message.MsgId) + MaxString(message.Target) + MaxString(message.SenderNick)
        + MaxString(message.SenderAccount) + MaxString(message.Recipient) + MaxString(message.Text)
        + MaxString(message.SenderUser) + MaxString(message.SenderHost);

    /// <summary>Writes the message at the start of <paramref name="into"/> (at least <see cref="MaxLength"/> long); returns the bytes written.</summary>
    public static int Write(Span<byte> into, StoredMessage message)
    {
        var at = 0;
        WriteString(into, ref at, message.MsgId);
        BinaryPrimitives.WriteInt64LittleEndian(into[at..], MessageRow.ToStored(message.Time));
        at += sizeof(long);
        WriteString(into, ref at, message.Target);
        BinaryPrimitives.WriteInt64LittleEndian(into[at..], message.Sequence);
        at += sizeof(long);
        into[at++] = (byte)message.Kind;
        WriteString(into, ref at, message.SenderNick);
        WriteOptional(into, ref at, message.SenderAccount);
        WriteOptional(into, ref at, message.Recipient);
        WriteString(into, ref at, message.Text);
        WriteString(into, ref at, message.SenderUser);
        WriteString(into, ref at, message.SenderHost);
        return at;
    }

    /// <summary>Reads the message that starts at <paramref name="at"/> and moves past it.</summary>
    /// <param name="knownTarget">The conversation, when the caller knows it: its string is used instead of a new one.</param>
    /// <exception cref="InvalidDataException">The bytes end early or hold a malformed length.</exception>
    public static StoredMessage Read(ReadOnlySpan<byte> from, ref int at, string? knownTarget = null)
    {
        var msgId = ReadString(from, ref at);
        var time = MessageRow.FromStored(ReadInt64(from, ref at));
        var target = knownTarget is null ? ReadString(from, ref at) : Skip(from, ref at, knownTarget);
        var sequence = ReadInt64(from, ref at);
        var kind = (MessageKind)ReadByte(from, ref at);
        return new StoredMessage(
            MsgId: msgId,
            Time: time,
            Target: target,
            Sequence: sequence,
            Kind: kind,
            SenderNick: ReadString(from, ref at),
            SenderAccount: ReadOptional(from, ref at),
            Recipient: ReadOptional(from, ref at),
            Text: ReadString(from, ref at),
            SenderUser: ReadString(from, ref at),
            SenderHost: ReadString(from, ref at));
    }

    /// <summary>A 7-bit length of at most 5 bytes, and at most 3 UTF-8 bytes per UTF-16 unit.</summary>
    private static int MaxString(string? value) => value is null ? 0 : 5 + (3 * value.Length);

    private static void WriteOptional(Span<byte> into, ref int at, string? value)
    {
        into[at++] = value is null ? (byte)0 : (byte)1;
        if (value is not null)
        {
            WriteString(into, ref at, value);
        }
    }

    private static void WriteString(Span<byte> into, ref int at, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        for (var rest = (uint)length; ; rest >>= 7)
        {
            if (rest < 0x80)
            {
                into[at++] = (byte)rest;
                break;
            }

            into[at++] = (byte)(rest | 0x80);
        }

        at += Encoding.UTF8.GetBytes(value, into[at..]);
    }

    private static string? ReadOptional(ReadOnlySpan<byte> from, ref int at) =>
        ReadByte(from, ref at) != 0 ? ReadString(from, ref at) : null;

    private static string ReadString(ReadOnlySpan<byte> from, ref int at)
    {
        var length = ReadLength(from, ref at);
        var value = Encoding.UTF8.GetString(from.Slice(at, length));
        at += length;
        return value;
    }

    private static string Skip(ReadOnlySpan<byte> from, ref int at, string knownTarget)
    {
        // Not "at += ReadLength(...)": that would add to the position from before the length was read.
        var length = ReadLength(from, ref at);
        at += length;
        return knownTarget;
    }

    /// <summary>A string's 7-bit encoded byte length, checked against what is left.</summary>
    private static int ReadLength(ReadOnlySpan<byte> from, ref int at)
    {
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new InvalidDataException("a message record holds a malformed string length");
            }

            var b = ReadByte(from, ref at);
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return length < 0 || length > from.Length - at
            ? throw new InvalidDataException("a message record is truncated")
            : length;
    }

    private static long ReadInt64(ReadOnlySpan<byte> from, ref int at)
    {
        if (from.Length - at < sizeof(long))
        {
            throw new InvalidDataException("a message record is truncated");
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(from[at..]);
        at += sizeof(long);
        return value;
    }

    private static byte ReadByte(ReadOnlySpan<byte> from, ref int at) =>
        at < from.Length ? from[at++] : throw new InvalidDataException("a message record is truncated");
}
