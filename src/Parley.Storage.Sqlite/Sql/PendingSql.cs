namespace Parley.Storage.Sqlite;

/// <summary>The SQL of committed batches waiting to be written out to <c>messages</c> (schema version 3).</summary>
internal static class PendingSql
{
    public const string Insert = "INSERT INTO pending_batches (rows) VALUES ($rows) RETURNING id";

    public const string All = "SELECT id, rows FROM pending_batches ORDER BY id";

    public const string DeleteUpTo = "DELETE FROM pending_batches WHERE id <= $id";
}
