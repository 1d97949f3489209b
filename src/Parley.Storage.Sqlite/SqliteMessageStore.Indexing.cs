namespace Parley.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    /// <summary>Rows indexed per transaction: chunks amortise FTS5's per-commit segment work, yet one chunk
    /// holds the writer lock for a few tens of milliseconds at most.</summary>
    private const int IndexChunkRows = 256;

    /// <summary>Rows committed but not yet in the search index (for tests and metrics).</summary>
    internal long UnindexedRows
    {
        get
        {
            lock (_writeLock)
            {
                using var command = _writer.CreateCommand();
                command.CommandText = "SELECT count(*) FROM messages WHERE id > (SELECT indexed_up_to FROM fts_state)";
                return (long)command.ExecuteScalar()!;
            }
        }
    }

    /// <summary>Writes out and indexes every committed message not indexed yet; search calls it first, so search is
    /// always complete.</summary>
    internal void CatchUpIndex()
    {
        WriteOutPending();
        while (IndexChunk() > 0)
        {
        }
    }

    /// <summary>Indexes chunks until at most about <paramref name="lagAtMost"/> rows wait for the index.</summary>
    private void IndexDownTo(int lagAtMost)
    {
        while (!_backgroundStop.IsSet && IndexLag() > lagAtMost && IndexChunk() > 0)
        {
        }
    }

    /// <summary>About how many rows wait for the search index (<see cref="IndexSql.Lag"/>).</summary>
    internal long IndexLag()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _writer.CreateCommand();
            command.CommandText = IndexSql.Lag;
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Indexes the next chunk in one transaction; returns how many rows it indexed.</summary>
    private long IndexChunk()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            using var command = _writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = IndexSql.IndexedUpTo;
            var from = (long)command.ExecuteScalar()!;
            command.CommandText = IndexSql.ChunkEnd;
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$limit", IndexChunkRows);
            if (command.ExecuteScalar() is not long to)
            {
                return 0;
            }

            command.CommandText = IndexSql.IndexChunk;
            command.Parameters.AddWithValue("$to", to);
            command.ExecuteNonQuery();
            transaction.Commit();
            return to - from;
        }
    }
}
