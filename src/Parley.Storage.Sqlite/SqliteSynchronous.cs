namespace Parley.Storage.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> in WAL mode: what a commit waits for before it returns.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit is written to the WAL but not fsynced; the WAL is fsynced at each checkpoint. A process crash
    /// (kill -9) loses nothing committed; a power loss or OS crash may roll back the last transactions.
    /// </summary>
    Normal = 1,

    /// <summary>Every commit fsyncs the WAL: committed transactions survive a power loss, at a cost in throughput.</summary>
    Full = 2,
}
