using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The commit log: a second SQLite file beside the history database (<c>parley.db</c> → <c>parley.pending.db</c>)
/// holding each committed batch as one row until the background thread has written it out to <c>messages</c>.
/// </summary>
/// <remarks>
/// Why a file of its own: SQLite lets one connection write a file at a time, so in the same file the commit that
/// delivery waits for would queue behind the background write-out and search indexing. Here it waits for nothing
/// but its own one-row insert. Which batches are written out is recorded in the history database, in the same
/// transaction as their rows (<c>write_out_state</c>), so a crash anywhere writes every batch out exactly once;
/// rows up to that mark are deleted from the log afterwards, lazily.
/// Connections: <see cref="Append"/> runs on the committing thread only (the store serialises it); the
/// maintenance connection deletes and checkpoints, from the background thread or at open and close.
/// </remarks>
internal sealed class PendingLog : IDisposable
{
    private readonly SqliteConnection _appender;
    private readonly SqliteConnection _maintenance;
    private readonly SqliteCommand _insert;

    private PendingLog(string path, SqliteConnection appender, SqliteConnection maintenance)
    {
        FilePath = path;
        _appender = appender;
        _maintenance = maintenance;
        _insert = appender.CreateCommand();
        _insert.CommandText = PendingSql.Insert;
        _insert.Parameters.Add("$rows", SqliteType.Blob);
    }

    /// <summary>
    /// The page size of a new log. A commit writes every page it changed to the WAL whole, and a commit of a
    /// message or two changes two small pages (the batch's row and AUTOINCREMENT's counter): with 4 KiB pages that
    /// was about 8–12 KiB of WAL per commit at low rates, 1 KiB pages write a quarter of it. A log made before
    /// keeps its page size.
    /// </summary>
    internal const int PageSize = 1024;

    public string FilePath { get; }

    /// <summary>The log's path for a history database path: the same name with <c>.pending</c> before the extension.</summary>
    public static string PathFor(string databasePath) =>
        Path.ChangeExtension(databasePath, ".pending" + (Path.GetExtension(databasePath) is { Length: > 0 } ext ? ext : ".db"));

    /// <summary>Opens or creates the log; ids it gives from now on are above <paramref name="writtenOutMark"/>.</summary>
    /// <exception cref="StoreOpenException">The file cannot be used; the message names it.</exception>
    public static PendingLog Open(string databasePath, SqliteStoreOptions options, long writtenOutMark)
    {
        var path = PathFor(databasePath);
        var connectionString = StoreOpener.ConnectionString(path, options);
        SqliteConnection? appender = null;
        SqliteConnection? maintenance = null;
        try
        {
            appender = StoreOpener.OpenWriter(path, connectionString, options, PageSize);
            var format = long.Parse(StoreOpener.Execute(appender, "PRAGMA user_version") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            if (format > PendingSql.LogFormat)
            {
                throw new StoreOpenException(path, $"the commit log was written by a newer Parley (format {format}; this build knows {PendingSql.LogFormat})", null);
            }

            StoreOpener.Execute(appender, PendingSql.CreateLog + $"PRAGMA user_version = {PendingSql.LogFormat};");
            using (var keep = appender.CreateCommand())
            {
                keep.CommandText = PendingSql.KeepIdsAbove;
                keep.Parameters.AddWithValue("$mark", writtenOutMark);
                keep.ExecuteNonQuery();
            }

            maintenance = StoreOpener.OpenCheckpointer(connectionString, options);
            return new PendingLog(path, appender, maintenance);
        }
        catch (SqliteException e)
        {
            maintenance?.Dispose();
            appender?.Dispose();
            throw StoreOpener.Explain(path, e);
        }
        catch
        {
            maintenance?.Dispose();
            appender?.Dispose();
            throw;
        }
    }

    /// <summary>Commits one encoded batch (one statement, its own transaction) and returns its id.</summary>
    public long Append(byte[] rows)
    {
        _insert.Parameters[0].Value = rows;
        return (long)_insert.ExecuteScalar()!;
    }

    /// <summary>The batches after the write-out mark, in commit order (what a crash left to write out).</summary>
    public List<(long Id, byte[] Rows)> ReadAfter(long writtenOutMark)
    {
        using var command = _maintenance.CreateCommand();
        command.CommandText = PendingSql.After;
        command.Parameters.AddWithValue("$mark", writtenOutMark);
        using var reader = command.ExecuteReader();
        var batches = new List<(long, byte[])>();
        while (reader.Read())
        {
            batches.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }

        return batches;
    }

    /// <summary>Deletes the batches written out (a short write; Append waits for it at most that long).</summary>
    public void DeleteUpTo(long writtenOutMark)
    {
        using var command = _maintenance.CreateCommand();
        command.CommandText = PendingSql.DeleteUpTo;
        command.Parameters.AddWithValue("$mark", writtenOutMark);
        command.ExecuteNonQuery();
    }

    /// <summary>Copies the log's WAL into its file without blocking Append, so the WAL restarts instead of growing.</summary>
    public void Checkpoint(string mode = "PASSIVE") => StoreOpener.Execute(_maintenance, $"PRAGMA wal_checkpoint({mode})");

    public void Dispose()
    {
        try
        {
            Checkpoint("TRUNCATE");
        }
        catch (SqliteException)
        {
            // The WAL is replayed at the next open.
        }

        _insert.Dispose();
        _maintenance.Dispose();
        _appender.Dispose();
    }
}
