using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The commit log of earlier versions: a SQLite file beside the history database (<c>parley.db</c> →
/// <c>parley.pending.db</c>), one row of <c>pending_batches</c> per committed batch. At open, the batches a stop or a
/// crash left in it are written out like those of the <see cref="CommitLog"/> that replaced it, and the file is then
/// deleted.
/// </summary>
internal static class LegacyCommitLog
{
    private const string After = "SELECT id, rows FROM pending_batches WHERE id > $mark ORDER BY id";

    /// <summary>The old log's path for a history database path: the same name with <c>.pending</c> before the extension.</summary>
    public static string PathFor(string databasePath) =>
        Path.ChangeExtension(databasePath, ".pending" + (Path.GetExtension(databasePath) is { Length: > 0 } ext ? ext : ".db"));

    /// <summary>The batches after the write-out mark in an old log, in commit order; none when there is no old log.</summary>
    public static List<(long Id, byte[] Rows)> ReadLeftovers(string databasePath, SqliteStoreOptions options, long writtenOutMark)
    {
        var path = PathFor(databasePath);
        var batches = new List<(long, byte[])>();
        if (!File.Exists(path))
        {
            return batches;
        }

        try
        {
            // Opening replays the old log's WAL, so what was committed to it is read too.
            using var connection = new SqliteConnection(StoreOpener.ConnectionString(path, options));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pending_batches'";
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return batches;
            }

            command.CommandText = After;
            command.Parameters.AddWithValue("$mark", writtenOutMark);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                batches.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }

            return batches;
        }
        catch (SqliteException e)
        {
            throw StoreOpener.Explain(path, e);
        }
    }

    /// <summary>Deletes the old log and its WAL files, once what they held is written out.</summary>
    public static void Delete(string databasePath)
    {
        var path = PathFor(databasePath);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
