using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    /// <summary>Rows indexed per transaction: chunks amortise FTS5's per-commit segment work, yet one chunk
    /// holds the writer lock for a few tens of milliseconds at most.</summary>
    private const int IndexChunkRows = 256;

    /// <summary>How often the background indexer looks for new rows.</summary>
    private static readonly TimeSpan IndexInterval = TimeSpan.FromMilliseconds(250);

    private readonly ManualResetEventSlim _indexerStop = new();
    private Thread? _indexer;

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

    /// <summary>Indexes every committed row not indexed yet; search calls it first, so search is always complete.</summary>
    internal void CatchUpIndex()
    {
        while (IndexChunk() > 0)
        {
        }
    }

    private void StartIndexer()
    {
        _indexer = new Thread(IndexLoop) { IsBackground = true, Name = "parley-fts-indexer", Priority = ThreadPriority.BelowNormal };
        _indexer.Start();
    }

    private void StopIndexer()
    {
        _indexerStop.Set();
        _indexer?.Join();
        _indexerStop.Dispose();
    }

    private void IndexLoop()
    {
        while (!_indexerStop.Wait(IndexInterval))
        {
            try
            {
                while (!_indexerStop.IsSet && IndexChunk() > 0)
                {
                }
            }
            catch (SqliteException)
            {
                // A busy or full disk: the rows stay unindexed and the next round (or the next search) tries again.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
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
