using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>Writing committed batches out of <c>pending_batches</c> into <c>messages</c> (schema version 3).</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>Messages written out per transaction: large enough to amortise the commit, small enough that an
    /// Append waiting for the lock waits a few milliseconds at most.</summary>
    private const int WriteOutChunkRows = 512;

    private const int SqliteConstraint = 19;

    /// <summary>Committed batches in commit order, kept in memory so that writing them out needs no decoding.
    /// Guarded by <see cref="_writeLock"/>.</summary>
    private readonly Queue<PendingBatch> _pending = new();

    private int _pendingCount;
    private long _skippedConflicts;

    /// <summary>Messages the write-out skipped because their msgid or (target, sequence) was already stored.</summary>
    internal long SkippedConflicts => Interlocked.Read(ref _skippedConflicts);

    /// <summary>Committed messages not yet written out to <c>messages</c> (for tests and metrics).</summary>
    internal int PendingBatches => Volatile.Read(ref _pendingCount);

    /// <summary>Writes out every committed batch; reads call it first, so they see everything committed.</summary>
    internal void WriteOutPending()
    {
        while (Volatile.Read(ref _pendingCount) > 0 && WriteOutChunk() > 0)
        {
        }
    }

    private void AddPending(PendingBatch batch)
    {
        _pending.Enqueue(batch);
        Volatile.Write(ref _pendingCount, _pending.Count);
    }

    /// <summary>Batches a crash left behind (committed, not written out) are read back at open.</summary>
    private void LoadPending()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = PendingSql.All;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            AddPending(new PendingBatch(reader.GetInt64(0), PendingBatchCodec.Decode((byte[])reader.GetValue(1))));
        }
    }

    /// <summary>
    /// Writes out whole batches, oldest first, up to about <see cref="WriteOutChunkRows"/> messages, and deletes
    /// them from <c>pending_batches</c> in the same transaction, so a crash leaves each batch in exactly one table.
    /// Returns how many messages it wrote out.
    /// </summary>
    private int WriteOutChunk()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending.Count == 0)
            {
                return 0;
            }

            try
            {
                return WriteOutChunk(_insert);
            }
            catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) == SqliteConstraint)
            {
                // Only a bug or a second server writing the same file makes a committed message collide with a
                // stored one. Skipping the collisions keeps every other message flowing instead of wedging here.
                _insertSkippingConflicts ??= new InsertCommand(_writer, skipConflicts: true);
                return WriteOutChunk(_insertSkippingConflicts);
            }
        }
    }

    /// <summary>One chunk in one transaction; the caller holds the write lock.</summary>
    private int WriteOutChunk(InsertCommand insert)
    {
        var batches = 0;
        var rows = 0;
        var skipped = 0;
        long lastId = 0;
        using (var transaction = _writer.BeginTransaction(deferred: false))
        {
            foreach (var batch in _pending)
            {
                foreach (var message in batch.Messages)
                {
                    if (!insert.Execute(message))
                    {
                        skipped++;
                    }
                }

                batches++;
                rows += batch.Messages.Count;
                lastId = batch.Id;
                if (rows >= WriteOutChunkRows)
                {
                    break;
                }
            }

            using var delete = _writer.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = PendingSql.DeleteUpTo;
            delete.Parameters.AddWithValue("$id", lastId);
            delete.ExecuteNonQuery();
            transaction.Commit();
        }

        // Only after the commit: if it failed, the batches stay pending, in memory and in the file.
        for (var i = 0; i < batches; i++)
        {
            _pending.Dequeue();
        }

        Volatile.Write(ref _pendingCount, _pending.Count);
        Interlocked.Add(ref _skippedConflicts, skipped);
        return rows;
    }
}
