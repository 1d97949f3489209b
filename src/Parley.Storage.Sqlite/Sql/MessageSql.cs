namespace Parley.Storage.Sqlite;

/// <summary>
/// The SQL of writing and reading history. Every read orders and bounds by <c>seq</c>, the per-target total order;
/// a time is first turned into a sequence (there is no index on time; a conversation's times rise with its sequence).
/// </summary>
internal static class MessageSql
{
    /// <summary>The columns every read selects, in the order <see cref="MessageRow.Read"/> expects.</summary>
    public const string Columns =
        "msgid, time, target, seq, kind, sender_nick, sender_account, recipient, text, sender_user, sender_host";

    public const string Insert = """
        INSERT INTO messages (msgid, time, target, seq, kind, sender_nick, sender_account, recipient, text, sender_user, sender_host)
        VALUES ($msgid, $time, $target, $seq, $kind, $sender_nick, $sender_account, $recipient, $text, $sender_user, $sender_host)
        """;

    /// <summary>The write-out's fallback when a batch conflicts with stored rows: the conflicting rows are skipped.</summary>
    public const string InsertOrIgnore = """
        INSERT OR IGNORE INTO messages (msgid, time, target, seq, kind, sender_nick, sender_account, recipient, text, sender_user, sender_host)
        VALUES ($msgid, $time, $target, $seq, $kind, $sender_nick, $sender_account, $recipient, $text, $sender_user, $sender_host)
        """;

    /// <summary>The highest sequence ever used by a target, including ones retention has deleted.</summary>
    public const string LastSequence = """
        SELECT max(
            coalesce((SELECT max(seq) FROM messages WHERE target = $target), 0),
            coalesce((SELECT last_seq FROM retired_sequences WHERE target = $target), 0))
        """;

    /// <summary>Every conversation with messages or retired sequences (the index on (target, seq) serves the first half).</summary>
    public const string KnownTargets = "SELECT DISTINCT target FROM messages UNION SELECT target FROM retired_sequences";

    public const string Find = $"SELECT {Columns} FROM messages WHERE msgid = $msgid";

    /// <summary>Resolves a msgid anchor (its time orders it against a time anchor); it must belong to the conversation being read.</summary>
    public const string Anchor = "SELECT seq, time FROM messages WHERE msgid = $msgid AND target = $target";

    public const string Latest = $"SELECT {Columns} FROM messages WHERE target = $target ORDER BY seq DESC LIMIT $limit";

    /// <summary>
    /// A range read of one target. <paramref name="lower"/> and <paramref name="upper"/> are conditions made by
    /// <see cref="Bound"/> (fixed column names and operators, values always parameters), so the few distinct
    /// texts this yields are each prepared once per read connection and reused.
    /// </summary>
    public static string Range(string? lower, string? upper, bool newestFirst)
    {
        var where = (lower, upper) switch
        {
            (null, null) => "",
            (not null, null) => " AND " + lower,
            (null, not null) => " AND " + upper,
            _ => " AND " + lower + " AND " + upper,
        };
        var order = newestFirst ? "DESC" : "ASC";
        return $"SELECT {Columns} FROM messages WHERE target = $target{where} ORDER BY seq {order} LIMIT $limit";
    }

    /// <summary>A condition on one side of a range: time anchors are turned into sequences first.</summary>
    /// <param name="op">One of <c>&lt;</c>, <c>&gt;</c>, <c>&gt;=</c>.</param>
    /// <param name="parameter">The parameter holding the value: <c>$lower</c> or <c>$upper</c>.</param>
    public static string Bound(string op, string parameter) => "seq " + op + " " + parameter;

    /// <summary>The lowest and highest stored sequence of a target (NULLs when it has none).</summary>
    public const string SequenceBounds = "SELECT min(seq), max(seq) FROM messages WHERE target = $target";

    /// <summary>One step of the binary search for a time: the first row in [$from, $below).</summary>
    public const string FirstRowFrom = """
        SELECT seq, time FROM messages WHERE target = $target AND seq >= $from AND seq < $below ORDER BY seq LIMIT 1
        """;
}
