using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Indexes rows for search in the write-out's own transaction, from the values it has just bound, instead of in a
/// transaction of its own that reads them back: measured, that is about half of what indexing cost (the second
/// transaction's commit and WAL frames, and re-reading every row).
/// </summary>
/// <remarks>
/// Only while the index is caught up (<c>fts_state.indexed_up_to</c> is the highest row id): each row indexed here
/// keeps it so. When rows below are still unindexed (a database upgraded with a backlog), the write-out leaves its
/// rows to the background indexer, which works upwards from <c>indexed_up_to</c>, so no row is ever skipped.
/// Prepared once and bound by position, like <see cref="InsertCommand"/>.
/// </remarks>
internal sealed class SearchIndexCommand : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _caughtUp;
    private readonly sqlite3_stmt _add;
    private readonly sqlite3_stmt _setIndexedUpTo;

    public SearchIndexCommand(SqliteConnection connection)
    {
        _connection = connection;
        _caughtUp = RawStatement.Prepare(connection, IndexSql.CaughtUp);
        _add = RawStatement.Prepare(connection, IndexSql.AddRow);
        _setIndexedUpTo = RawStatement.Prepare(connection, IndexSql.SetIndexedUpTo);
    }

    /// <summary>Whether every row is indexed, so that rows added now may be indexed as they are written.</summary>
    public bool IsCaughtUp()
    {
        try
        {
            var rc = raw.sqlite3_step(_caughtUp);
            if (rc != raw.SQLITE_ROW)
            {
                RawStatement.Check(_connection, rc);
            }

            return raw.sqlite3_column_int64(_caughtUp, 0) == 1;
        }
        finally
        {
            raw.sqlite3_reset(_caughtUp);
        }
    }

    /// <summary>Indexes one row written in the current transaction.</summary>
    public void Add(long rowId, ReadOnlySpan<byte> utf8Text)
    {
        raw.sqlite3_bind_int64(_add, 1, rowId);
        RawStatement.BindText(_add, 2, utf8Text);
        RawStatement.Run(_connection, _add);
    }

    /// <summary>Records that every row up to <paramref name="rowId"/> is indexed.</summary>
    public void SetIndexedUpTo(long rowId)
    {
        raw.sqlite3_bind_int64(_setIndexedUpTo, 1, rowId);
        RawStatement.Run(_connection, _setIndexedUpTo);
    }

    public void Dispose()
    {
        _caughtUp.Dispose();
        _add.Dispose();
        _setIndexedUpTo.Dispose();
    }
}
