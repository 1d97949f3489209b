namespace Parley.Storage.Sqlite;

/// <summary>Settings of the embedded store. The defaults are the ones documented in <c>docs/storage.md</c>.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Where the server keeps its database unless told otherwise.</summary>
    public const string DefaultPath = "./data/parley.db";

    /// <summary>The database file; its directory is created when missing.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary>Normal (default) survives a process crash; Full also survives a power loss, more slowly.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>
    /// How long a statement waits for a lock held by another connection (a checkpoint, the retention job,
    /// an operator's <c>sqlite3</c> shell) before failing. Five seconds rides out any of our own short
    /// transactions while still failing visibly if something holds the file for good.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Idle read connections kept open for reuse. Reads beyond this many at once open extra connections,
    /// which are closed when returned. Four covers a 2–4 core machine; reads are short.
    /// </summary>
    public int ReadConnections { get; init; } = 4;

    /// <summary>
    /// Rows deleted per retention transaction. 1000 rows (with their FTS entries) take a few milliseconds,
    /// so the hub's Append never waits longer than that behind retention.
    /// </summary>
    public int RetentionBatchSize { get; init; } = 1000;

    /// <summary>
    /// Committed messages the background thread may leave in the commit log before the commit itself writes out a
    /// chunk (back-pressure). On a saturated machine the background falls behind, and this bounds the memory and
    /// the log that this takes: about 330 bytes a message when each commit holds one (the most), less in larger
    /// commits; about 35 MB at 100,000. A burst below the bound costs the commit nothing; at the bound each commit
    /// that writes out a chunk stalls its thread for tens of milliseconds.
    /// </summary>
    public int MaxPendingMessages { get; init; } = 100_000;

    /// <summary>
    /// Newest messages kept in memory per recently read conversation, so that history on join and short
    /// <c>LATEST</c> reads need no SQL. 50 covers the join replay (20 by default) and a client's usual page;
    /// 0 turns the cache off.
    /// </summary>
    public int RecentMessagesPerConversation { get; init; } = 50;

    /// <summary>Conversations whose newest messages are kept in memory (the least recently read are dropped).
    /// 1,000 × 50 messages are a few tens of megabytes at most.</summary>
    public int RecentConversations { get; init; } = 1_000;

    /// <summary>
    /// The nice value of the background thread (Linux; 0–19, 0 = the server's own priority). A higher value lets the
    /// thread that delivers messages keep more of a shared core while a large write-out runs. 0 here (a library leaves
    /// its host's priorities alone); the server passes 10, its default. Not 19: at 19 the thread, starved on a
    /// saturated core while it held the history writer's lock, stalled every commit behind it; 10 was measured
    /// without that (docs/benchmarks.md, *Readers run the idle hub's rounds*).
    /// </summary>
    public int BackgroundNice { get; init; }

    /// <summary>
    /// Committed messages waiting for the write-out above which a second thread, at the server's own priority, writes
    /// out in the background thread's place until half as many wait. Only while <see cref="BackgroundNice"/> is above
    /// 0: a background thread at a lower priority falls behind on a busy machine, and left alone it reaches
    /// <see cref="MaxPendingMessages"/>, where every commit stalls its thread to write out (docs/benchmarks.md,
    /// *Catching up at the server's priority*). Below this the write-out stays polite. Set it at or above
    /// <see cref="MaxPendingMessages"/> to turn the catch-up off.
    /// </summary>
    public int CatchUpPendingMessages { get; init; } = 10_000;

    /// <summary>
    /// Rows the search index may fall behind while the write-out is behind (more than
    /// <see cref="CatchUpPendingMessages"/> messages wait): the write-out then stores rows without indexing them, and the
    /// background thread indexes them later, at its own priority, so that on a saturated machine search is the work
    /// that waits, not delivery. Past this many unindexed rows the write-out indexes again before it returns. A search
    /// catches the index up first, so it is always complete, but after a long overload the first one pays for the
    /// lag (about half a second per 200,000 rows here). 0: the write-out always indexes as it writes (docs/storage.md).
    /// </summary>
    public int SearchLagRows { get; init; } = 200_000;

    /// <summary>Run <c>PRAGMA quick_check</c> at start-up. Reads the whole file, so off by default.</summary>
    public bool QuickCheckOnOpen { get; init; }

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            return "Path must name a file";
        }

        if (!Enum.IsDefined(Synchronous))
        {
            return $"Synchronous must be Normal or Full, not {Synchronous}";
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            return $"BusyTimeout must be between 0 and 10 minutes, not {BusyTimeout}";
        }

        if (ReadConnections is < 1 or > 64)
        {
            return $"ReadConnections must be between 1 and 64, not {ReadConnections}";
        }

        if (RetentionBatchSize is < 1 or > 100_000)
        {
            return $"RetentionBatchSize must be between 1 and 100000, not {RetentionBatchSize}";
        }

        if (BackgroundNice is < 0 or > 19)
        {
            return $"BackgroundNice must be between 0 and 19, not {BackgroundNice}";
        }

        if (MaxPendingMessages is < 1 or > 10_000_000)
        {
            return $"MaxPendingMessages must be between 1 and 10000000, not {MaxPendingMessages}";
        }

        if (CatchUpPendingMessages is < 2 or > 10_000_000)
        {
            return $"CatchUpPendingMessages must be between 2 and 10000000, not {CatchUpPendingMessages}";
        }

        if (SearchLagRows is < 0 or > 10_000_000)
        {
            return $"SearchLagRows must be between 0 and 10000000, not {SearchLagRows}";
        }

        if (RecentMessagesPerConversation is < 0 or > 10_000)
        {
            return $"RecentMessagesPerConversation must be between 0 and 10000, not {RecentMessagesPerConversation}";
        }

        if (RecentConversations is < 0 or > 1_000_000)
        {
            return $"RecentConversations must be between 0 and 1000000, not {RecentConversations}";
        }

        return null;
    }
}
