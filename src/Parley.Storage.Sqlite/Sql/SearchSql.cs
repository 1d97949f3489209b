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

    /// <summary>
    /// Each conversation in scope with the time of its newest message in [$from, $to]. Conversations are listed by
    /// a skip-scan of the <c>(target, seq)</c> index (one seek each), and each one's newest message at or before
    /// $to is found walking back from its newest (at once for the usual "since I left until now"): times rise with
    /// sequences, and there is no index on time to keep up on every insert.
    /// </summary>
    public const string Targets = $"""
        WITH RECURSIVE targets (target) AS (
            SELECT min(target) FROM messages
            UNION ALL
            SELECT (SELECT min(n.target) FROM messages AS n WHERE n.target > targets.target)
            FROM targets WHERE targets.target IS NOT NULL
        ),
        latest (target, time) AS (
            SELECT m.target, (SELECT n.time FROM messages AS n WHERE n.target = m.target AND n.time <= $to ORDER BY n.seq DESC LIMIT 1)
            FROM targets AS m
            WHERE m.target IS NOT NULL AND ({RoomCondition} OR {PrivateCondition})
        )
        SELECT target, time AS latest FROM latest
        WHERE time >= $from
        ORDER BY latest DESC, target
        LIMIT $limit
        """;

    private const string Columns =
        "m.msgid, m.time, m.target, m.seq, m.kind, m.sender_nick, m.sender_account, m.recipient, m.text, m.sender_user, m.sender_host";
}
