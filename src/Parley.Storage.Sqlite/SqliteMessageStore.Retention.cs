using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>Retention: deleting what the policy no longer keeps, a small batch per transaction.</summary>
public sealed partial class SqliteMessageStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Goes target by target; each batch of at most <see cref="SqliteStoreOptions.RetentionBatchSize"/> rows is one
    /// transaction under the write lock, so the hub's Append waits at most one batch. FTS entries are removed by
    /// trigger in the same transaction, so search never finds a deleted message. Safe to call from any thread.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">MaxAge is not positive or MaxMessagesPerTarget is below 1:
    /// such a policy would delete everything, which is surely a mistake in the configuration.</exception>
    public long ApplyRetention(RetentionPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.KeepsEverything)
        {
            return 0;
        }

        if (policy.MaxAge is { } age && age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), age, "MaxAge must be positive.");
        }

        if (policy.MaxMessagesPerTarget is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy.MaxMessagesPerTarget, "MaxMessagesPerTarget must be at least 1.");
        }

        // Retention judges the whole history, including batches committed but not yet written out.
        WriteOutPending();

        long removed = 0;
        var cutoff = policy.MaxAge is { } maxAge ? MessageRow.ToStored(now - maxAge) : (long?)null;
        var target = "";
        try
        {
            while (NextTarget(target) is { } next)
            {
                target = next;
                if (cutoff is { } time)
                {
                    // Older than the cutoff is below the first sequence at or after it (times rise with sequences).
                    var first = Read((connection, snapshot) => FirstSequenceAt(connection, snapshot, target, time, after: false));
                    var lastOlder = first == long.MaxValue ? long.MaxValue : first - 1;
                    removed += DeleteInBatches(RetentionSql.DeleteUpToSequence, target, "$last", lastOlder);
                }

                if (policy.MaxMessagesPerTarget is { } keep && LastSequenceToDrop(target, keep) is { } last)
                {
                    // Messages appended meanwhile have higher sequences, so at least `keep` newest always remain.
                    removed += DeleteInBatches(RetentionSql.DeleteUpToSequence, target, "$last", last);
                }
            }
        }
        finally
        {
            // The rings may hold deleted messages, and fills in flight may have read them: drop them all, even
            // after a failure part-way (retention runs rarely; the rings refill on the next reads).
            _recent.Clear();
        }

        return removed;
    }

    private string? NextTarget(string after) => Read((connection, snapshot) =>
    {
        var command = connection.Command(RetentionSql.NextTarget, snapshot);
        command.Parameters.AddWithValue("$after", after);
        return command.ExecuteScalar() as string;
    });

    private long? LastSequenceToDrop(string target, int keep) => Read((connection, snapshot) =>
    {
        var command = connection.Command(RetentionSql.LastSequenceToDrop, snapshot);
        command.Parameters.AddWithValue("$target", target);
        command.Parameters.AddWithValue("$keep", keep);
        return command.ExecuteScalar() as long?;
    });

    /// <summary>Runs a bounded DELETE until it deletes nothing; each run is its own short write transaction.</summary>
    private long DeleteInBatches(string sql, string target, string boundName, long bound)
    {
        long removed = 0;
        while (true)
        {
            int deleted;
            lock (_writeLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                using var transaction = _writer.BeginTransaction(deferred: false);
                using var command = _writer.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$target", target);
                command.Parameters.AddWithValue(boundName, bound);
                command.Parameters.AddWithValue("$batch", _retentionBatchSize);
                deleted = command.ExecuteNonQuery();
                transaction.Commit();
            }

            removed += deleted;
            if (deleted < _retentionBatchSize)
            {
                return removed;
            }

            // Let a waiting Append take the lock before our next batch (the lock is not fair).
            Thread.Yield();
        }
    }
}
