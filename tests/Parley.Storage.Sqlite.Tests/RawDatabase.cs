using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>Direct SQL on a database file, to look behind the store's back (without pooling, so no handle stays open).</summary>
internal static class RawDatabase
{
    public static long Scalar(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Rows the search index holds (any row with at least one word), read through FTS5's vocabulary
    /// table: with <c>columnsize=0</c> there is no per-row table to count.</summary>
    public static long IndexedRows(string path) => Scalar(path, """
        CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, messages_fts, 'instance');
        SELECT count(DISTINCT doc) FROM temp.vocabulary
        """);

    public static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Inserts messages the way schema version 1 stored them (straight into <c>messages</c>).</summary>
    public static void InsertVersion1Rows(string path, IEnumerable<Parley.Core.Storage.StoredMessage> messages)
    {
        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();
        foreach (var m in messages)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO messages (msgid, time, target, seq, kind, sender_nick, sender_account, recipient, text, sender_user, sender_host)
                VALUES ($msgid, $time, $target, $seq, $kind, $nick, $account, $recipient, $text, $user, $host)
                """;
            command.Parameters.AddWithValue("$msgid", m.MsgId);
            command.Parameters.AddWithValue("$time", m.Time.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$target", m.Target);
            command.Parameters.AddWithValue("$seq", m.Sequence);
            command.Parameters.AddWithValue("$kind", (int)m.Kind);
            command.Parameters.AddWithValue("$nick", m.SenderNick);
            command.Parameters.AddWithValue("$account", (object?)m.SenderAccount ?? DBNull.Value);
            command.Parameters.AddWithValue("$recipient", (object?)m.Recipient ?? DBNull.Value);
            command.Parameters.AddWithValue("$text", m.Text);
            command.Parameters.AddWithValue("$user", m.SenderUser);
            command.Parameters.AddWithValue("$host", m.SenderHost);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
