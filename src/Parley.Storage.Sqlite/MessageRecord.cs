using System.Buffers.Binary;
using System.IO.Hashing;
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
        var view = View(from, ref at);
        return new StoredMessage(
            MsgId: Encoding.UTF8.GetString(view.MsgId),
            Time: MessageRow.FromStored(view.TimeMilliseconds),
            Target: knownTarget ?? Encoding.UTF8.GetString(view.Target),
            Sequence: view.Sequence,
            Kind: view.Kind,
            SenderNick: Encoding.UTF8.GetString(view.SenderNick),
            SenderAccount: view.HasSenderAccount ? Encoding.UTF8.GetString(view.SenderAccount) : null,
            Recipient: view.HasRecipient ? Encoding.UTF8.GetString(view.Recipient) : null,
            Text: Encoding.UTF8.GetString(view.Text),
            SenderUser: Encoding.UTF8.GetString(view.SenderUser),
            SenderHost: Encoding.UTF8.GetString(view.SenderHost));
    }

    /// <summary>The fields of the message that starts at <paramref name="at"/>, as spans of its bytes, without making
    /// any object; moves past it.</summary>
    /// <exception cref="InvalidDataException">The bytes end early or hold a malformed length.</exception>
    public static RecordView View(ReadOnlySpan<byte> from, scoped ref int at)
    {
        var view = default(RecordView);
        view.MsgId = ReadBytes(from, ref at);
        view.TimeMilliseconds = ReadInt64(from, ref at);
        view.Target = ReadBytes(from, ref at);
        view.Sequence = ReadInt64(from, ref at);
        view.Kind = (MessageKind)ReadByte(from, ref at);
        view.SenderNick = ReadBytes(from, ref at);
        view.HasSenderAccount = ReadByte(from, ref at) != 0;
        view.SenderAccount = view.HasSenderAccount ? ReadBytes(from, ref at) : default;
        view.HasRecipient = ReadByte(from, ref at) != 0;
        view.Recipient = view.HasRecipient ? ReadBytes(from, ref at) : default;
        view.Text = ReadBytes(from, ref at);
        view.SenderUser = ReadBytes(from, ref at);
        view.SenderHost = ReadBytes(from, ref at);
        return view;
    }

    /// <summary>A conversation's name as a 128-bit key, from its UTF-8 bytes (as a record holds them).</summary>
    public static UInt128 TargetKey(ReadOnlySpan<byte> utf8Target) => XxHash128.HashToUInt128(utf8Target);

    /// <summary>A conversation's name as a 128-bit key: the same key as its UTF-8 bytes give.</summary>
    public static UInt128 TargetKey(string target)
    {
        // At most 3 UTF-8 bytes per UTF-16 unit, so a name this short fits on the stack without counting it first.
        if (target.Length <= 170)
        {
            Span<byte> utf8 = stackalloc byte[512];
            return TargetKey(utf8[..Encoding.UTF8.GetBytes(target, utf8)]);
        }

        return TargetKey(Encoding.UTF8.GetBytes(target));
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

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> from, scoped ref int at)
    {
        var length = ReadLength(from, ref at);
        var bytes = from.Slice(at, length);
        at += length;
        return bytes;
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

/// <summary>One message record's fields as spans of its bytes (<see cref="MessageRecord.View"/>); strings are UTF-8.</summary>
internal ref struct RecordView
{
    public ReadOnlySpan<byte> MsgId;
    public long TimeMilliseconds;
    public ReadOnlySpan<byte> Target;
    public long Sequence;
    public MessageKind Kind;
    public ReadOnlySpan<byte> SenderNick;
    public bool HasSenderAccount;
    public ReadOnlySpan<byte> SenderAccount;
    public bool HasRecipient;
    public ReadOnlySpan<byte> Recipient;
    public ReadOnlySpan<byte> Text;
    public ReadOnlySpan<byte> SenderUser;
    public ReadOnlySpan<byte> SenderHost;
}
