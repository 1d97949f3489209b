namespace Parley.Storage.Sqlite;

/// <summary>
/// The SQL of search and of chathistory TARGETS. Lists of rooms travel as one JSON array parameter read with
/// <c>json_each</c>, so the text stays constant (prepared once) however many rooms are passed.
/// Private conversations are keys <c>@a,b</c>: a nick's own ones start with <c>@nick,</c> or end with <c>,nick</c>
/// (a nick has no comma, so neither test can match a stranger's key). Substring tests, not LIKE or GLOB,
/// because nicks may contain <c>_</c>, <c>[</c> and other pattern characters.
/// </summary>
internal static class SearchSql
{
    /// <summary>Rooms only (never a private key, even if one is passed as a room): all of them, or those in $rooms.</summary>
    private const string RoomCondition = """
        (substr(m.target, 1, 1) <> '@' AND ($all_rooms = 1 OR m.target IN (SELECT value FROM json_each($rooms))))
        """;

    /// <summary>The private conversations of one folded nick; $prefix is null when none are wanted.</summary>
    private const string PrivateCondition = """
        ($prefix IS NOT NULL AND substr(m.target, 1, 1) = '@'
            AND (substr(m.target, 1, length($prefix)) = $prefix OR substr(m.target, -length($suffix)) = $suffix))
        """;

    public const string Search = $"""
        SELECT {Columns}
        FROM messages_fts
        JOIN messages AS m ON m.id = messages_fts.rowid
        WHERE messages_fts MATCH $query AND ({RoomCondition} OR {PrivateCondition})
        ORDER BY m.time DESC, m.id DESC
        LIMIT $limit
        """;

    public const string Targets = $"""
        SELECT m.target, max(m.time) AS latest
        FROM messages AS m
        WHERE m.time >= $from AND m.time <= $to AND ({RoomCondition} OR {PrivateCondition})
        GROUP BY m.target
        ORDER BY latest DESC, m.target
        LIMIT $limit
        """;

    private const string Columns =
        "m.msgid, m.time, m.target, m.seq, m.kind, m.sender_nick, m.sender_account, m.recipient, m.text, m.sender_user, m.sender_host";
}
