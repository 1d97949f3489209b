using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The embedded message store: one SQLite file in WAL mode, one writer connection (the hub's Append, and the
/// retention job between batches) and a small pool of read connections for history and search.
/// </summary>
/// <remarks>
/// Concurrency: <see cref="Append"/> and each retention batch hold <see cref="_writeLock"/>, so the single writer
/// connection is never used by two threads; a retention batch is small, so Append waits at most a few
/// milliseconds. Reads take a connection from <see cref="_readers"/> and run in one read transaction (a WAL
/// snapshot), so they never wait for the writer and see only whole committed batches.
/// </remarks>
public sealed partial class SqliteMessageStore : IMessageStore
{
    private readonly Lock _writeLock = new();
    private readonly SqliteConnection _writer;
    private readonly InsertCommand _insert;
    private readonly ReadConnectionPool _readers;
    private readonly int _retentionBatchSize;
    private bool _disposed;
    private int _disposeStarted;

    private SqliteMessageStore(string path, SqliteConnection writer, ReadConnectionPool readers, SqliteStoreOptions options, int schemaVersion)
    {
        FilePath = path;
        SchemaVersion = schemaVersion;
        _writer = writer;
        _readers = readers;
        _retentionBatchSize = options.RetentionBatchSize;
        _insert = new InsertCommand(writer);
        StartIndexer();
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
        try
        {
            writer = StoreOpener.OpenWriter(path, connectionString, options);
            var version = Migrator.Migrate(writer, migrations, path, TimeProvider.System);
            var readers = new ReadConnectionPool(connectionString, options.BusyTimeout, options.ReadConnections);
            return new SqliteMessageStore(path, writer, readers, options, version);
        }
        catch (SqliteException e)
        {
            writer?.Dispose();
            throw StoreOpener.Explain(path, e);
        }
        catch
        {
            writer?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Append(IReadOnlyList<StoredMessage> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // BEGIN IMMEDIATE: take the write lock up front, so a conflict shows at the start, not at commit.
            // One transaction per batch is the group commit: one WAL append (and fsync under Full) per batch.
            using var transaction = _writer.BeginTransaction(deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                _insert.Execute(transaction, batch[i]);
            }

            transaction.Commit();
        }
    }

    /// <summary>Closes every connection; the last close checkpoints the WAL into the database file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        // Index what is left, so that the next start (or an operator's sqlite3) finds a complete index.
        StopIndexer();
        try
        {
            CatchUpIndex();
        }
        catch (SqliteException)
        {
            // The next open's indexer catches up instead.
        }

        lock (_writeLock)
        {
            _disposed = true;
        }

        _readers.Dispose();
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
            _writer.Dispose();
        }
    }

    /// <summary>Runs <paramref name="query"/> on a pooled read connection inside one snapshot.</summary>
    private T Read<T>(Func<ReadConnection, SqliteTransaction, T> query)
    {
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
