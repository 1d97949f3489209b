using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The write-out's one INSERT, prepared once and reused for every message: only the values change, so SQLite never
/// re-parses the statement.
/// </summary>
/// <remarks>
/// Bound by position through SQLitePCL's raw API (the layer beneath Microsoft.Data.Sqlite, on the same connection
/// and inside its transaction): a SqliteCommand looks every parameter up by name and re-binds its whole collection
/// on each execution, which the profile showed as a large share of the background thread's time.
/// </remarks>
internal sealed class InsertCommand : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    /// <param name="connection">The writer connection (open).</param>
    /// <param name="skipConflicts">INSERT OR IGNORE: a row whose msgid or (target, seq) is already taken is skipped.</param>
    public InsertCommand(SqliteConnection connection, bool skipConflicts = false)
    {
        _connection = connection;
        var sql = skipConflicts ? MessageSql.InsertOrIgnore : MessageSql.Insert;
        _statement = RawStatement.Prepare(connection, sql);
    }

    /// <summary>Inserts one message inside the writer's open transaction; returns the new row's id, or 0 when a
    /// conflicting row made INSERT OR IGNORE skip it.</summary>
    /// <remarks>Binds the record's UTF-8 bytes as they are: no string is made, and SQLite needs no conversion.</remarks>
    public long Execute(scoped in RecordView message)
    {
        var s = _statement;
        // Positions follow the column list of MessageSql.Insert.
        RawStatement.BindText(s, 1, message.MsgId);
        raw.sqlite3_bind_int64(s, 2, message.TimeMilliseconds);
        RawStatement.BindText(s, 3, message.Target);
        raw.sqlite3_bind_int64(s, 4, message.Sequence);
        raw.sqlite3_bind_int(s, 5, (int)message.Kind);
        RawStatement.BindText(s, 6, message.SenderNick);
        BindOptional(s, 7, message.HasSenderAccount, message.SenderAccount);
        BindOptional(s, 8, message.HasRecipient, message.Recipient);
        RawStatement.BindText(s, 9, message.Text);
        RawStatement.BindText(s, 10, message.SenderUser);
        RawStatement.BindText(s, 11, message.SenderHost);
        RawStatement.Run(_connection, s);
        return raw.sqlite3_changes(_connection.Handle) > 0 ? raw.sqlite3_last_insert_rowid(_connection.Handle) : 0;
    }

    public void Dispose() => _statement.Dispose();

    private static void BindOptional(sqlite3_stmt statement, int index, bool present, ReadOnlySpan<byte> value)
    {
        if (present)
        {
            RawStatement.BindText(statement, index, value);
        }
        else
        {
            raw.sqlite3_bind_null(statement, index);
        }
    }
}
