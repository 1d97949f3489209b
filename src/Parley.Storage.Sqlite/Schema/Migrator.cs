using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Brings a database to the newest schema this build knows, one migration per transaction. Refuses a file
/// from a newer build (its schema may mean things this code would corrupt) and a SQLite file that holds
/// other tables but no <c>schema_version</c> (someone else's database).
/// </summary>
internal static class Migrator
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER PRIMARY KEY,
            applied_at  INTEGER NOT NULL,
            description TEXT    NOT NULL
        );
        """;

    private const string HasVersionTable =
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'";

    private const string CountObjects = "SELECT count(*) FROM sqlite_schema";

    private const string CurrentVersion = "SELECT coalesce(max(version), 0) FROM schema_version";

    private const string RecordVersion =
        "INSERT INTO schema_version (version, applied_at, description) VALUES ($version, $applied_at, $description)";

    /// <summary>Applies what is missing; returns the version the database is at afterwards.</summary>
    /// <exception cref="StoreOpenException">The database is newer than <paramref name="migrations"/> or not Parley's.</exception>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, string path, TimeProvider time)
    {
        CheckOrdered(migrations);
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = ReadVersion(connection, path);
        if (current > known)
        {
            throw new StoreOpenException(path,
                $"the database has schema version {current}, but this build of Parley knows only up to version {known}; " +
                "it was written by a newer Parley. Run that version, or restore a backup made for this one.", null);
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = CreateVersionTable + migration.Sql;
                command.ExecuteNonQuery();
                command.CommandText = RecordVersion;
                command.Parameters.AddWithValue("$version", migration.Version);
                command.Parameters.AddWithValue("$applied_at", time.GetUtcNow().ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$description", migration.Description);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            current = migration.Version;
        }

        return current;
    }

    private static int ReadVersion(SqliteConnection connection, string path)
    {
        if (Scalar(connection, HasVersionTable) == 0)
        {
            // A brand-new file is empty. A file with tables but no version table was made by something else:
            // migrating it would mix our schema into another program's data.
            if (Scalar(connection, CountObjects) != 0)
            {
                throw new StoreOpenException(path,
                    "it is a SQLite database, but not a Parley one (it has tables and no schema_version table)", null);
            }

            return 0;
        }

        return (int)Scalar(connection, CurrentVersion);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void CheckOrdered(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations must be numbered 1, 2, 3… in order; position {i} has version {migrations[i].Version}.");
            }
        }
    }
}
