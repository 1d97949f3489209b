using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Everything that can go wrong before the store runs, turned into a <see cref="StoreOpenException"/> that names
/// the file and the problem: a directory that cannot be made or written, a file that is not SQLite or is corrupt,
/// a filesystem without WAL support, a schema from a newer build.
/// </summary>
internal static class StoreOpener
{
    // SQLite primary result codes (sqlite3.h) that mean "this file is not usable", with plain explanations.
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnly = 8;
    private const int SqlitePermission = 3;
    private const int SqliteBusy = 5;

    public static string FullPath(SqliteStoreOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new StoreOpenException(options.Path ?? "", "invalid options: " + problem, null);
        }

        try
        {
            return Path.GetFullPath(options.Path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StoreOpenException(options.Path, "the path is not valid: " + e.Message, e);
        }
    }

    /// <summary>Creates the directory when missing and proves we can create files in it (SQLite needs -wal and -shm beside the database).</summary>
    public static void EnsureWritableDirectory(string path)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new StoreOpenException(path, "the path has no directory", null);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException(path, $"cannot create the directory '{directory}': {e.Message}", e);
        }

        var probe = Path.Combine(directory, $".parley-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException(path, $"the directory '{directory}' is not writable: {e.Message}", e);
        }
    }

    public static string ConnectionString(string path, SqliteStoreOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // Our own pools (writer + ReadConnectionPool) keep connections; Microsoft.Data.Sqlite's pool would keep
        // file handles open after Dispose.
        Pooling = false,
        // Microsoft.Data.Sqlite retries a busy statement until this command timeout (seconds) runs out.
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
    }.ToString();

    /// <summary>Opens the writer connection in WAL mode with the configured durability; the file may be new.</summary>
    /// <param name="pageSizeIfNew">The page size a new file is created with (an existing file keeps its own).</param>
    public static SqliteConnection OpenWriter(string path, string connectionString, SqliteStoreOptions options, int? pageSizeIfNew = null)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var synchronous = options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            // busy_timeout first: the journal_mode switch itself needs a lock. The first statement that reads
            // the file is where a non-SQLite or corrupt file is noticed (SQLITE_NOTADB / SQLITE_CORRUPT).
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            // SQLite silently falls back to read-only when the file is write-protected; every Append would fail.
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new StoreOpenException(path, "the database file is read-only (check its permissions)", null);
            }

            if (pageSizeIfNew is { } pageSize)
            {
                // Takes effect only while the file is empty: before WAL mode writes the header.
                Execute(connection, $"PRAGMA page_size = {pageSize}");
            }

            var mode = Execute(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreOpenException(path,
                    $"the file system does not support SQLite's WAL mode (journal mode stayed '{mode}'); use a local disk", null);
            }

            Execute(connection, $"PRAGMA synchronous = {synchronous}");
            // Checkpoints (copying the WAL into the database, with an fsync) run on the store's background thread,
            // not inside the commit that delivery waits for. Only if that thread is starved does this connection
            // checkpoint by itself, once the WAL holds that many pages (64 MiB at 4 KiB), so that the WAL can never
            // grow without bound.
            Execute(connection, $"PRAGMA wal_autocheckpoint = {SafetyNetCheckpointPages}");
            Execute(connection, "PRAGMA foreign_keys = ON");
            if (options.QuickCheckOnOpen)
            {
                var check = Execute(connection, "PRAGMA quick_check");
                if (!string.Equals(check, "ok", StringComparison.Ordinal))
                {
                    throw new StoreOpenException(path, $"the database is corrupt (quick_check: {check})", null);
                }
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>WAL pages (4 KiB each) after which a writer checkpoints by itself: the background thread's safety net.</summary>
    private const int SafetyNetCheckpointPages = 16_384;

    /// <summary>The background thread's connection for PASSIVE checkpoints, which run beside the writer without blocking it.</summary>
    public static SqliteConnection OpenCheckpointer(string connectionString, SqliteStoreOptions options)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A plain-language reason for a SQLite failure during opening.</summary>
    public static StoreOpenException Explain(string path, SqliteException e)
    {
        var problem = (e.SqliteErrorCode & 0xFF) switch
        {
            SqliteNotADatabase => "it is not a SQLite database (or it is encrypted)",
            SqliteCorrupt => "the database file is corrupt",
            SqliteCantOpen => "the file cannot be opened (missing directory, a directory in its place, or no permission)",
            SqliteReadOnly => "the database is read-only (file permissions, or a read-only file system)",
            SqlitePermission => "access to the file was denied",
            SqliteBusy => "the database is locked by another process",
            _ => "SQLite error",
        };
        return new StoreOpenException(path, $"{problem} ({e.Message})", e);
    }

    /// <summary>Runs one statement and returns its first value as text (null when none).</summary>
    public static string? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
