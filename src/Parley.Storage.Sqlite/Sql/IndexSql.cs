namespace Parley.Storage.Sqlite;

/// <summary>The SQL of background search indexing (schema version 2).</summary>
internal static class IndexSql
{
    public const string IndexedUpTo = "SELECT indexed_up_to FROM fts_state WHERE id = 1";

    /// <summary>The id of the last row of the next chunk to index, or NULL when everything is indexed.</summary>
    public const string ChunkEnd = "SELECT max(id) FROM (SELECT id FROM messages WHERE id > $from ORDER BY id LIMIT $limit)";

    /// <summary>1 when every row is indexed (rows above <c>indexed_up_to</c> would be unindexed).</summary>
    public const string CaughtUp =
        "SELECT (SELECT indexed_up_to FROM fts_state WHERE id = 1) >= coalesce((SELECT max(id) FROM messages), 0)";

    /// <summary>About how many rows wait for the index (deleted ones count too): the newest id above the mark.</summary>
    public const string Lag =
        "SELECT coalesce((SELECT max(id) FROM messages), 0) - (SELECT indexed_up_to FROM fts_state WHERE id = 1)";

    public const string AddRow = "INSERT INTO messages_fts (rowid, text) VALUES (?1, ?2)";

    public const string SetIndexedUpTo = "UPDATE fts_state SET indexed_up_to = ?1 WHERE id = 1";

    public const string IndexChunk = """
        INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id > $from AND id <= $to ORDER BY id;
        UPDATE fts_state SET indexed_up_to = $to WHERE id = 1;
        """;
}
