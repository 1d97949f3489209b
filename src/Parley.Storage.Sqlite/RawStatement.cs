using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Storage.Sqlite;

/// <summary>Running the write-out's statements prepared through SQLitePCL's raw API (see <see cref="InsertCommand"/>).</summary>
internal static class RawStatement
{
    public static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return statement;
    }

    /// <summary>Binds UTF-8 text as it is. An empty span has no address, and SQLite binds a null pointer as SQL NULL,
    /// so empty text is bound as the empty string instead.</summary>
    public static void BindText(sqlite3_stmt statement, int index, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            raw.sqlite3_bind_text(statement, index, string.Empty);
        }
        else
        {
            raw.sqlite3_bind_text(statement, index, utf8);
        }
    }

    /// <summary>Steps a statement that returns no row, throws SQLite's error as a <see cref="SqliteException"/>, and
    /// resets it for the next use (its bindings stay until rebound).</summary>
    public static void Run(SqliteConnection connection, sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                Check(connection, rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    public static void Check(SqliteConnection connection, int rc) => SqliteException.ThrowExceptionForRC(rc, connection.Handle);
}
