using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The embedded message store: one SQLite file in WAL mode, one writer connection (the Journal's Append, the
/// background write-out, search indexing and retention, one at a time) and a small pool of read connections for
/// history and search.
/// </summary>
/// <remarks>
/// Two steps per batch. <see cref="Append"/> is the commit that must precede delivery, so it is kept as short as
/// it can be: the whole batch is encoded into one row of <c>pending_batches</c> and committed in one statement.
/// The background thread then writes committed batches out to <c>messages</c> (rows, indexes), indexes them for
/// search and checkpoints the WAL, all off the delivery path. Every read first writes out what is pending, so a
/// read sees everything committed, as before.
/// Concurrency: the writer connection is used only under <see cref="_writeLock"/>; each background step is a
/// short transaction, so Append waits at most a few milliseconds. Reads take a connection from
/// <see cref="_readers"/> and run in one read transaction (a WAL snapshot), so they never wait for the writer.
/// </remarks>
public sealed partial class SqliteMessageStore : IMessageStore
{
    private readonly Lock _writeLock = new();
    private readonly SqliteConnection _writer;
    private readonly InsertCommand _insert;
    private InsertCommand? _insertSkippingConflicts;
    private SearchIndexCommand? _searchIndex;
    private readonly SqliteConnection _checkpointer;
    private readonly ReadConnectionPool _readers;
    private readonly int _retentionBatchSize;
    private readonly int _maxPendingMessages;
    private readonly int _backgroundNice;
    private readonly int _catchUpAt;
    private readonly int _searchLagRows;
    private readonly RecentMessages _recent;
    private bool _disposed;
    private int _disposeStarted;

    private SqliteMessageStore(string path, SqliteConnection writer, SqliteConnection checkpointer, ReadConnectionPool readers,
        SqliteStoreOptions options, int schemaVersion)
    {
        FilePath = path;
        SchemaVersion = schemaVersion;
        _writer = writer;
        _checkpointer = checkpointer;
        _readers = readers;
        _retentionBatchSize = options.RetentionBatchSize;
        _maxPendingMessages = options.MaxPendingMessages;
        _backgroundNice = options.BackgroundNice;
        _catchUpAt = options.CatchUpPendingMessages;
        _searchLagRows = options.SearchLagRows;
        _recent = new RecentMessages(options.RecentMessagesPerConversation, options.RecentConversations);
        _insert = new InsertCommand(writer);
        // A test may open with an older migration list, where the write-out mark does not exist yet.
        try
        {
            if (schemaVersion >= Migrations.CommitLogVersion)
            {
                OpenCommitLog(options);
            }

            LoadKnownTargets();
        }
        catch
        {
            // The log holds its file exclusively: a failed open must let go of it, or a retry would find it taken.
            _log?.Dispose();
            throw;
        }

        StartBackground();
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>The schema version the file is at (the newest this build knows).</summary>
    public int SchemaVersion { get; }

    /// <summary>
    /// Opens (creating when missing) the database at <see cref="SqliteStoreOptions.Path"/> and brings its schema
    /// up to date.
    /// </summary>
    /// <exception cref="StoreOpenException">The directory is not writable, the file is not a usable SQLite
    /// database, or it was written by a newer Parley. The message names the file and the problem.</exception>
    public static SqliteMessageStore Open(SqliteStoreOptions options) => Open(options, Migrations.All);

    /// <summary>Opens with a given migration list: tests use it to play a build that knows more versions.</summary>
    internal static SqliteMessageStore Open(SqliteStoreOptions options, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = StoreOpener.FullPath(options);
        StoreOpener.EnsureWritableDirectory(path);
        var connectionString = StoreOpener.ConnectionString(path, options);
        SqliteConnection? writer = null;
        SqliteConnection? checkpointer = null;
        ReadConnectionPool? readers = null;
        try
        {
            writer = StoreOpener.OpenWriter(path, connectionString, options);
            var version = Migrator.Migrate(writer, migrations, path, TimeProvider.System);
            checkpointer = StoreOpener.OpenCheckpointer(connectionString, options);
            readers = new ReadConnectionPool(connectionString, options.BusyTimeout, options.ReadConnections);
            return new SqliteMessageStore(path, writer, checkpointer, readers, options, version);
        }
        catch (SqliteException e)
        {
            CloseAll();
            throw StoreOpener.Explain(path, e);
        }
        catch (InvalidDataException e)
        {
            CloseAll();
            throw new StoreOpenException(path, $"a committed batch cannot be read ({e.Message})", e);
        }
        catch
        {
            CloseAll();
            throw;
        }

        void CloseAll()
        {
            readers?.Dispose();
            checkpointer?.Dispose();
            writer?.Dispose();
        }
    }

    /// <inheritdoc />
    /// <remarks>The batch is committed as one row of the commit log (one statement, its own transaction: one WAL
    /// append, and one fsync under <see cref="SqliteSynchronous.Full"/>), which no other work ever locks for long;
    /// the store keeps the batch's bytes, not the list, until the background thread has written it out to
    /// <c>messages</c>.</remarks>
    public void Append(IReadOnlyList<StoredMessage> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            _knownTargets.Add(message.Target);
        }

        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed || _log is null, this);
            // Under the append lock, so that the queue's order is the log's id order, and so that one encoding
            // buffer serves every commit (a fresh one was a fifth of what a message allocated).
            var encoded = _batchEncoder.Encode(batch);
            AddPending(new PendingBatch(_log.Append(encoded), encoded));
            _recent.Added(batch); // in commit order, hence under the lock
        }

        CatchUpIfBehind();

        // Back-pressure: when the background falls this far behind, the committing thread writes out in its place
        // (and trims the log, which would otherwise grow while the background is starved).
        if (Volatile.Read(ref _pendingMessages) > _maxPendingMessages)
        {
            WriteOutDownTo(_maxPendingMessages);
        }
    }

    /// <summary>Closes every connection; the last close checkpoints the WAL into the database file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        // Write out and index what is left, so that the next start (or an operator's sqlite3) finds complete
        // tables and a complete index.
        StopBackground();
        try
        {
            CatchUpIndex();
        }
        catch (SqliteException)
        {
            // The next open's indexer catches up instead.
        }

        lock (_appendLock)
        {
            lock (_writeLock)
            {
                _disposed = true;
            }

            _batchEncoder.Dispose();
        }

        try
        {
            DeleteWrittenOutFromLog();
        }
        catch (IOException)
        {
            // Records left in the log are at or below the write-out mark: the next open skips and drops them.
        }

        _log?.Dispose();
        _readers.Dispose();
        _checkpointer.Dispose();
        lock (_writeLock)
        {
            try
            {
                // TRUNCATE copies the WAL into the database and empties it, so the .db file alone is the whole
                // history (copyable while stopped). A reader still finishing may make it partial; SQLite then
                // checkpoints again when the last connection closes.
                using var command = _writer.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Nothing committed depends on the checkpoint: the WAL is replayed at the next open.
            }

            _insert.Dispose();
            _insertSkippingConflicts?.Dispose();
            _searchIndex?.Dispose();
            _writer.Dispose();
        }
    }

    /// <summary>Writes out pending batches (unless told not to), then runs <paramref name="query"/> on a pooled read
    /// connection inside one snapshot.</summary>
    private T Read<T>(Func<ReadConnection, SqliteTransaction, T> query, bool writeOutFirst = true)
    {
        if (writeOutFirst)
        {
            WriteOutPending();
        }

        var connection = _readers.Rent();
        try
        {
            using var snapshot = connection.BeginSnapshot();
            var result = query(connection, snapshot);
            snapshot.Commit();
            return result;
        }
        finally
        {
            _readers.Return(connection);
        }
    }
}
