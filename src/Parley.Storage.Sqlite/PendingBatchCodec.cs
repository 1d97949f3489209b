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
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            writer.Write(message.MsgId);
            writer.Write(MessageRow.ToStored(message.Time));
            writer.Write(message.Target);
            writer.Write(message.Sequence);
            writer.Write((byte)message.Kind);
            writer.Write(message.SenderNick);
            WriteOptional(writer, message.SenderAccount);
            WriteOptional(writer, message.Recipient);
            writer.Write(message.Text);
            writer.Write(message.SenderUser);
            writer.Write(message.SenderHost);
        }

        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The bytes are not a batch this build can read.</exception>
    public static List<StoredMessage> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
        try
        {
            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"pending batch format {version} is not known to this build");
            }

            var count = reader.ReadInt32();
            var messages = new List<StoredMessage>(count);
            for (var i = 0; i < count; i++)
            {
                messages.Add(new StoredMessage(
                    MsgId: reader.ReadString(),
                    Time: MessageRow.FromStored(reader.ReadInt64()),
                    Target: reader.ReadString(),
                    Sequence: reader.ReadInt64(),
                    Kind: (MessageKind)reader.ReadByte(),
                    SenderNick: reader.ReadString(),
                    SenderAccount: ReadOptional(reader),
                    Recipient: ReadOptional(reader),
                    Text: reader.ReadString(),
                    SenderUser: reader.ReadString(),
                    SenderHost: reader.ReadString()));
            }

            return messages;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("a pending batch is truncated", e);
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
