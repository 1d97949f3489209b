namespace Parley.Storage.Sqlite;

/// <summary>The SQL of the commit log (its own file, see <see cref="PendingLog"/>) and of the write-out mark in the history database.</summary>
internal static class PendingSql
{
    /// <summary>The commit log's format, kept in its <c>user_version</c>.</summary>
    public const int LogFormat = 1;

    /// <summary>AUTOINCREMENT: ids never go back, even once every row is deleted, so the write-out mark stays valid.</summary>
    public const string CreateLog = """
        CREATE TABLE IF NOT EXISTS pending_batches (
            id   INTEGER PRIMARY KEY AUTOINCREMENT,
            rows BLOB    NOT NULL
        );
        """;

    /// <summary>After a lost or replaced log file, new ids must still come after everything already written out.</summary>
    public const string KeepIdsAbove = """
        INSERT INTO sqlite_sequence (name, seq)
            SELECT 'pending_batches', $mark WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'pending_batches');
        UPDATE sqlite_sequence SET seq = $mark WHERE name = 'pending_batches' AND seq < $mark;
        """;

    public const string Insert = "INSERT INTO pending_batches (rows) VALUES ($rows) RETURNING id";

    public const string After = "SELECT id, rows FROM pending_batches WHERE id > $mark ORDER BY id";

    public const string DeleteUpTo = "DELETE FROM pending_batches WHERE id <= $mark";

    /// <summary>In the history database: the id of the last log batch written out to <c>messages</c>.</summary>
    public const string WrittenOutMark = "SELECT written_up_to FROM write_out_state WHERE id = 1";

    public const string SetWrittenOutMark = "UPDATE write_out_state SET written_up_to = $mark WHERE id = 1";
}
