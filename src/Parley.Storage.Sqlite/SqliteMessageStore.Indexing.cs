namespace Parley.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Rows indexed per transaction, as many as the write-out writes per transaction. Each transaction flushes FTS5's
    /// in-memory terms as a new segment, which automerge later rewrites level by level: indexing the benchmark's
    /// messages cost 3.2 µs per row in chunks of 256, 2.2–2.6 in chunks of 4,096, and no less in larger ones
    /// (docs/benchmarks.md, *Search indexed in larger chunks*). A chunk holds the writer lock for about 10 ms of CPU;
    /// the background thread does not start one while the catch-up thread works (see <see cref="BackgroundLoop"/>).
    /// </summary>
    internal const int IndexChunkRows = 4096;

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
