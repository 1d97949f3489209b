using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Converts between <see cref="StoredMessage"/> and a row of <c>messages</c>.</summary>
internal static class MessageRow
{
    /// <summary>Times are stored as Unix milliseconds (UTC): IRCv3 server-time's precision, exact as an integer.</summary>
    public static long ToStored(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromStored(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    /// <summary>Reads a row selected with <see cref="MessageSql.Columns"/>.</summary>
    public static StoredMessage Read(SqliteDataReader reader) => new(
        MsgId: reader.GetString(0),
        Time: FromStored(reader.GetInt64(1)),
        Target: reader.GetString(2),
        Sequence: reader.GetInt64(3),
        Kind: (MessageKind)reader.GetInt32(4),
        SenderNick: reader.GetString(5),
        SenderAccount: reader.IsDBNull(6) ? null : reader.GetString(6),
        Recipient: reader.IsDBNull(7) ? null : reader.GetString(7),
        Text: reader.GetString(8),
        SenderUser: reader.GetString(9),
        SenderHost: reader.GetString(10));

    /// <summary>Reads every row; with <paramref name="reverse"/>, a newest-first query comes back oldest first.</summary>
    public static List<StoredMessage> ReadAll(SqliteCommand command, bool reverse)
    {
        var list = new List<StoredMessage>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                list.Add(Read(reader));
            }
        }

        if (reverse)
        {
            list.Reverse();
        }

        return list;
    }
}
