using System.ComponentModel.DataAnnotations;
using Parley.Storage.Sqlite;

namespace Parley.Server.Hosting;

/// <summary>History settings (section <c>Parley:Storage</c>); documented in docs/storage.md and docs/configuration.md.</summary>
public sealed class StorageOptions
{
    /// <summary>The store's own defaults, which these settings share unless the server has reason to differ.</summary>
    private static readonly SqliteStoreOptions StoreDefaults = new();

    /// <summary>Keep history. Off: nothing is stored (the store-less benchmark baseline); history commands find nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder of the database file <c>parley.db</c>; created when missing, must be writable.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>Normal survives a crash of the process; Full also a power loss, at a cost in throughput.</summary>
    public SqliteSynchronous Synchronous { get; set; } = StoreDefaults.Synchronous;

    /// <summary>Committed messages the background may leave unwritten before the commit writes out itself (back-pressure).</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingMessages { get; set; } = StoreDefaults.MaxPendingMessages;

    /// <summary>
    /// Nice value of the store's background thread (Linux; 0 = the server's priority). 10 by default, where the store
    /// library leaves its host's priority alone: the thread that delivers messages keeps the core while a large
    /// write-out runs (docs/benchmarks.md).
    /// </summary>
    [Range(0, 19)]
    public int BackgroundNice { get; set; } = 10;

    /// <summary>
    /// Messages waiting for the write-out above which a thread at the server's own priority writes out in place of the
    /// lower-priority background thread, until half as many wait (only while <see cref="BackgroundNice"/> is above 0).
    /// </summary>
    [Range(2, 10_000_000)]
    public int CatchUpPendingMessages { get; set; } = StoreDefaults.CatchUpPendingMessages;

    /// <summary>
    /// Rows the search index may fall behind while the write-out is behind (it indexes them later at the background
    /// thread's priority; a search catches up first); 0: the write-out always indexes.
    /// </summary>
    [Range(0, 10_000_000)]
    public int SearchLagRows { get; set; } = StoreDefaults.SearchLagRows;

    /// <summary>Newest messages kept in memory per recently read conversation (history on join without SQL); 0: off.</summary>
    [Range(0, 10_000)]
    public int RecentMessagesPerConversation { get; set; } = StoreDefaults.RecentMessagesPerConversation;

    /// <summary>Conversations whose newest messages are kept in memory.</summary>
    [Range(0, 1_000_000)]
    public int RecentConversations { get; set; } = StoreDefaults.RecentConversations;

    /// <summary>Messages older than this are deleted (unset: kept forever).</summary>
    public TimeSpan? RetentionMaxAge { get; set; }

    /// <summary>Only this many newest messages are kept per room or private conversation (unset: all).</summary>
    [Range(1, int.MaxValue)]
    public int? RetentionMaxMessages { get; set; }

    /// <summary>How often retention runs, in the background.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string DatabasePath => Path.Combine(DataDir, "parley.db");
}
