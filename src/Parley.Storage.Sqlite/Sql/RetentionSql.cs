namespace Parley.Storage.Sqlite;

/// <summary>
/// The SQL of retention. Work goes target by target so that each delete walks the <c>(target, seq)</c> index
/// instead of scanning the table (an age becomes a sequence first), and in batches of <c>$batch</c> rows so each
/// transaction is short. The FTS rows and retired sequences follow by trigger.
/// </summary>
internal static class RetentionSql
{
    /// <summary>The next target after $after in index order (a skip-scan: one index seek per target).</summary>
    public const string NextTarget = "SELECT min(target) FROM messages WHERE target > $after";

    /// <summary>The sequence of the newest message beyond the $keep newest, or nothing when there are no more.</summary>
    public const string LastSequenceToDrop =
        "SELECT seq FROM messages WHERE target = $target ORDER BY seq DESC LIMIT 1 OFFSET $keep";

    public const string DeleteUpToSequence = """
        DELETE FROM messages WHERE id IN (
            SELECT id FROM messages WHERE target = $target AND seq <= $last ORDER BY seq LIMIT $batch)
        """;
}
