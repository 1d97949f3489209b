using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>Writing committed batches out of the commit log into <c>messages</c> (schema version 3).</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Messages written out per transaction (at most; a background round writes what has accumulated, up to this).
    /// Large transactions matter most for private messages: each one inserts into the <c>(target, seq)</c> index
    /// at a random place, and a transaction writes every index page it touched to the WAL once, however many rows
    /// share it. Measured with 1,000 clients sending 10,000 private messages a second: 32 µs of store CPU per
    /// message with 256-row transactions every 100 ms, 26 µs with up to 2,048 every 250 ms, 20 µs with 8,192 every
    /// second. 4,096 keeps a read that waits for the write lock (or writes out itself) to some tens of milliseconds.
    /// </summary>
    private const int WriteOutChunkRows = 4096;

    private const int SqliteConstraint = 19;

    /// <summary>Committed batches in commit order, kept in memory (as bytes) so that writing them out reads no file.
    /// Guarded by <see cref="_pendingGate"/>; only the write-out (under <see cref="_writeLock"/>) removes.</summary>
    private readonly Queue<PendingBatch> _pending = new();

    /// <summary>Per conversation, the newest sequence added to the pending queue, so that <see cref="LastPendingSequence"/>
    /// needs no scan of the queue. Guarded by <see cref="_pendingGate"/>. The write-out leaves entries behind (a
    /// sequence already written out is at most the stored one, so LastSequence's answer stays right); the map is
    /// rebuilt from the queue once it holds far more conversations than the queue has messages.</summary>
    /// <remarks>The scan it replaced was a third of the hub thread's time with private messages among 1,000 clients
    /// at 10,000/s: nearly every message starts a conversation the hub has not numbered yet, and each asked for it.
    /// Keyed by <see cref="MessageRecord.TargetKey(string)"/>, not by name: a name kept here was one more string per
    /// new conversation for the collector to promote.</remarks>
    private readonly Dictionary<UInt128, long> _pendingByTarget = [];
    private readonly Lock _pendingGate = new();
    private readonly Lock _appendLock = new();
    private readonly BatchEncoder _batchEncoder = new();
    private readonly Lock _logMaintenanceLock = new();
    private readonly TargetFilter _knownTargets = new();
    private CommitLog? _log;
    private int _pendingCount;
    private int _pendingMessages;
    private long _writtenOutMark;
    private long _skippedConflicts;
    private long _writtenSinceMaintenance;
    private long _logSyncs;

    /// <summary>Committed batches not yet written out to <c>messages</c> (for tests and metrics).</summary>
    internal int PendingBatches => Volatile.Read(ref _pendingCount);

    /// <summary>How often the background thread has synced the log (for tests and metrics).</summary>
    internal long LogSyncs => Interlocked.Read(ref _logSyncs);

    /// <summary>Held while the log is synced or trimmed (tests hold it to stand for a slow sync).</summary>
    internal Lock LogMaintenanceLock => _logMaintenanceLock;

    /// <summary>Committed messages not yet written out (for tests and metrics).</summary>
    internal int PendingMessages => Volatile.Read(ref _pendingMessages);

    /// <summary>Conversations in the map of newest pending sequences (for tests).</summary>
    internal int PendingConversations
    {
        get
        {
            lock (_pendingGate)
            {
                return _pendingByTarget.Count;
            }
        }
    }

    /// <summary>Messages the write-out skipped because their msgid or (target, sequence) was already stored.</summary>
    internal long SkippedConflicts => Interlocked.Read(ref _skippedConflicts);

    /// <summary>The commit log's file (for tests and operators).</summary>
    internal string? CommitLogPath => _log?.FilePath;

    /// <summary>Writes out every committed batch; reads call it first, so they see everything committed.</summary>
    internal void WriteOutPending()
    {
        while (Volatile.Read(ref _pendingCount) > 0 && WriteOutChunk() > 0)
        {
        }
    }

    /// <summary>Opens the commit log and writes out what a crash left in it, or in the commit log of an earlier
    /// version (at open, before any other use).</summary>
    private void OpenCommitLog(SqliteStoreOptions options)
    {
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = PendingSql.WrittenOutMark;
            _writtenOutMark = (long)command.ExecuteScalar()!;
        }

        var legacy = LegacyCommitLog.ReadLeftovers(FilePath, options, _writtenOutMark);
        // The new log's ids continue above everything the old one gave, written out or not.
        _log = CommitLog.Open(FilePath, options, legacy.Count > 0 ? Math.Max(_writtenOutMark, legacy[^1].Id) : _writtenOutMark);
        foreach (var (id, rows) in legacy.Concat(_log.ReadAfter(_writtenOutMark)))
        {
            AddPending(new PendingBatch(id, rows));
        }

        WriteOutPending();
        DeleteWrittenOutFromLog();
        LegacyCommitLog.Delete(FilePath);
    }

    /// <summary>The newest <paramref name="limit"/> pending messages of <paramref name="target"/>, oldest first.</summary>
    private List<Parley.Core.Storage.StoredMessage> PendingOf(string target, int limit)
    {
        var found = new List<Parley.Core.Storage.StoredMessage>();
        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return found;
        }

        var key = MessageRecord.TargetKey(target);
        lock (_pendingGate)
        {
            foreach (var batch in _pending)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    // The key narrows it down; the name decides (a shared key is only astronomically unlikely).
                    if (batch.TargetKeyAt(i) == key && batch.MessageAt(i) is { } message
                        && string.Equals(message.Target, target, StringComparison.Ordinal))
                    {
                        found.Add(message);
                    }
                }
            }
        }

        return found.Count > limit ? found.GetRange(found.Count - limit, limit) : found;
    }

    /// <summary>The newest pending sequence of <paramref name="target"/>, or 0 when none of its messages is pending.</summary>
    private long LastPendingSequence(string target)
    {
        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return 0;
        }

        var key = MessageRecord.TargetKey(target);
        lock (_pendingGate)
        {
            return _pendingByTarget.TryGetValue(key, out var last) ? last : 0;
        }
    }

    /// <summary>How many conversations the map of newest pending sequences may hold beyond four per pending message.</summary>
    private const int PendingMapSlack = 4096;

    /// <summary>The map of newest pending sequences from the queue alone (under <see cref="_pendingGate"/>). The same
    /// map is emptied and refilled: it keeps its capacity, where a new one regrew through every size each time (a
    /// tenth of what a private message allocated among 2,000 clients).</summary>
    private void RebuildPendingByTarget()
    {
        _pendingByTarget.Clear();
        foreach (var batch in _pending)
        {
            NoteNewest(_pendingByTarget, batch);
        }
    }

    private static void NoteNewest(Dictionary<UInt128, long> newestByTarget, PendingBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(newestByTarget, batch.TargetKeyAt(i), out _);
            last = Math.Max(last, batch.SequenceAt(i));
        }
    }

    private void AddPending(PendingBatch batch)
    {
        lock (_pendingGate)
        {
            if (_pendingByTarget.Count > PendingMapSlack + (4 * (_pendingMessages + batch.Count)))
            {
                RebuildPendingByTarget();
            }

            NoteNewest(_pendingByTarget, batch);
            _pending.Enqueue(batch);
            Volatile.Write(ref _pendingCount, _pending.Count);
            Volatile.Write(ref _pendingMessages, _pendingMessages + batch.Count);
        }
    }

    /// <summary>
    /// Writes out chunks until at most <paramref name="pendingAtMost"/> messages wait (or the store is closing), then
    /// trims the log; returns the messages written. Back-pressure and the catch-up thread, each with its own mark.
    /// </summary>
    private long WriteOutDownTo(int pendingAtMost)
    {
        var written = 0L;
        int rows;
        while (!_backgroundStop.IsSet && Volatile.Read(ref _pendingMessages) > pendingAtMost && (rows = WriteOutChunk()) > 0)
        {
            written += rows;
        }

        DeleteWrittenOutFromLog();
        if (_searchLagRows > 0)
        {
            // Only a lag this store allowed is bounded here; with 0 the write-out indexes as before, and a backlog it
            // did not make (an upgraded database) stays the background indexer's.
            IndexDownTo(_searchLagRows);
        }

        return written;
    }

    /// <summary>
    /// While the write-out is behind, it leaves search to the background indexer (<see cref="SqliteStoreOptions.SearchLagRows"/>):
    /// measured with private messages at 40,000/s on one core, indexing was about a fifth of the write-out's cost, and
    /// done later at the background thread's priority the server kept up in five alternating runs of five, where it
    /// fell behind in four of five before (docs/benchmarks.md, *Search waits when the store is behind*).
    /// </summary>
    private bool SearchMayLag() => _searchLagRows > 0 && Volatile.Read(ref _pendingMessages) > _catchUpAt;

    /// <summary>Drops from the log what is written out (the background thread after each round, back-pressure, open
    /// and close), under the maintenance lock, and under the append lock for what touches the file that commits write
    /// to (a compaction's copy runs without it).</summary>
    internal void DeleteWrittenOutFromLog()
    {
        // The maintenance lock first: a sync of the log (an fsync, tens of milliseconds) holds it, and waiting for it
        // with the append lock held would stop every commit for that long. For the same reason a compaction copies
        // and flushes the pending records without the append lock, and takes it again only to finish.
        lock (_logMaintenanceLock)
        {
            CommitLog.Compaction? begun;
            lock (_appendLock)
            {
                begun = _log?.BeginTrim(Interlocked.Read(ref _writtenOutMark));
            }

            if (begun is null)
            {
                return;
            }

            // Disposed after the append lock is let go: it closes the replaced file, which frees its blocks.
            using var compaction = begun;
            compaction.CopyPending();
            lock (_appendLock)
            {
                compaction.Finish();
            }
        }
    }

    /// <summary>Flushes the log to disk under <see cref="SqliteSynchronous.Normal"/> (under Full every commit did).</summary>
    private void SyncLog()
    {
        lock (_logMaintenanceLock)
        {
            _log?.Sync();
        }

        Interlocked.Increment(ref _logSyncs);
    }

    /// <summary>
    /// Writes out whole batches, oldest first, up to about <see cref="WriteOutChunkRows"/> messages, and moves the
    /// write-out mark in the same transaction. Returns how many messages it wrote out.
    /// </summary>
    private int WriteOutChunk()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var chunk = TakeChunk();
            if (chunk.Count == 0)
            {
                return 0;
            }

            try
            {
                return WriteOut(chunk, _insert);
            }
            catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) == SqliteConstraint)
            {
                // Only a bug or a second server writing the same file makes a committed message collide with a
                // stored one. Skipping the collisions keeps every other message flowing instead of wedging here.
                _insertSkippingConflicts ??= new InsertCommand(_writer, skipConflicts: true);
                return WriteOut(chunk, _insertSkippingConflicts);
            }
        }
    }

    /// <summary>The oldest pending batches, about one chunk's worth; they stay queued until written out.</summary>
    private List<PendingBatch> TakeChunk()
    {
        var chunk = new List<PendingBatch>();
        var rows = 0;
        lock (_pendingGate)
        {
            foreach (var batch in _pending)
            {
                chunk.Add(batch);
                rows += batch.Count;
                if (rows >= WriteOutChunkRows)
                {
                    break;
                }
            }
        }

        return chunk;
    }

    /// <summary>One chunk in one transaction; the caller holds the write lock.</summary>
    private int WriteOut(List<PendingBatch> chunk, InsertCommand insert)
    {
        var rows = 0;
        var skipped = 0;
        var mark = chunk[^1].Id;
        using (var transaction = _writer.BeginTransaction(deferred: false))
        {
            // Prepared on first use: the statements name fts_state, which a test's older schema may lack.
            var searchIndex = _searchIndex ??= new SearchIndexCommand(_writer);
            var indexNow = !SearchMayLag() && searchIndex.IsCaughtUp();
            var lastRowId = 0L;
            foreach (var batch in chunk)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var message = batch.ViewAt(i);
                    var rowId = insert.Execute(message);
                    if (rowId == 0)
                    {
                        skipped++;
                    }
                    else if (indexNow)
                    {
                        searchIndex.Add(rowId, message.Text);
                        lastRowId = rowId;
                    }
                }

                rows += batch.Count;
            }

            if (lastRowId > 0)
            {
                searchIndex.SetIndexedUpTo(lastRowId);
            }

            using var setMark = _writer.CreateCommand();
            setMark.Transaction = transaction;
            setMark.CommandText = PendingSql.SetWrittenOutMark;
            setMark.Parameters.AddWithValue("$mark", mark);
            setMark.ExecuteNonQuery();
            transaction.Commit();
        }

        // Only after the commit: if it failed, the batches stay pending, in memory and in the log.
        lock (_pendingGate)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                _pending.Dequeue();
            }

            // Out of the queue, under its lock: no reader can reach these any more, and the write-out is done with them.
            foreach (var batch in chunk)
            {
                batch.Release();
            }

            Volatile.Write(ref _pendingCount, _pending.Count);
            Volatile.Write(ref _pendingMessages, _pendingMessages - rows);
        }

        Interlocked.Exchange(ref _writtenOutMark, mark);
        Interlocked.Add(ref _skippedConflicts, skipped);
        Interlocked.Add(ref _writtenSinceMaintenance, rows);
        return rows;
    }
}
