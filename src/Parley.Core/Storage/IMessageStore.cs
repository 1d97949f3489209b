namespace Parley.Core.Storage;

/// <summary>
/// Where the Journal makes messages durable and where history is read back. The hub depends only on this
/// interface so that another engine (NATS JetStream, later) can replace the embedded SQLite store.
/// </summary>
/// <remarks>
/// Concurrency contract: <see cref="Append"/> is called by one thread at a time (the hub's thread), in
/// Journal order. The read methods may be called from any thread, concurrently with Append, and see
/// every batch whose Append has returned. All lists are returned oldest first unless said otherwise.
/// </remarks>
public interface IMessageStore : IDisposable
{
    /// <summary>Commits a batch in one transaction (group commit). When it returns, the batch is durable
    /// to the degree the store's configuration promises; only then may the messages be delivered. The store keeps
    /// no reference to the list: the caller may reuse it.</summary>
    void Append(IReadOnlyList<StoredMessage> batch);

    /// <summary>The highest sequence stored for a target, or 0. The Journal continues from it after a restart.</summary>
    long LastSequence(string target);

    /// <summary>The newest <paramref name="limit"/> messages of a target (oldest first).</summary>
    IReadOnlyList<StoredMessage> Latest(string target, int limit);

    /// <summary>Up to <paramref name="limit"/> messages strictly before the anchor, the ones nearest to it (oldest first).</summary>
    IReadOnlyList<StoredMessage> Before(string target, HistoryAnchor anchor, int limit);

    /// <summary>Up to <paramref name="limit"/> messages strictly after the anchor, the ones nearest to it (oldest first).</summary>
    IReadOnlyList<StoredMessage> After(string target, HistoryAnchor anchor, int limit);

    /// <summary>Up to <paramref name="limit"/> messages around the anchor: about half before and half after it, the anchored message included (oldest first).</summary>
    IReadOnlyList<StoredMessage> Around(string target, HistoryAnchor anchor, int limit);

    /// <summary>Up to <paramref name="limit"/> messages strictly between two anchors (oldest first, from the earlier anchor).</summary>
    IReadOnlyList<StoredMessage> Between(string target, HistoryAnchor from, HistoryAnchor to, int limit);

    /// <summary>The message with this id, or null.</summary>
    StoredMessage? Find(string msgId);

    /// <summary>Full-text search (FTS5 syntax of plain words: all must match), newest first. A null target searches
    /// every room (never private conversations, which only <paramref name="privateOf"/> may see).</summary>
    /// <param name="targets">Rooms to search in (folded names); null or empty: every room.</param>
    /// <param name="privateOf">A folded nick whose private conversations are searched too; null: none.</param>
    IReadOnlyList<StoredMessage> Search(IReadOnlyCollection<string>? targets, string? privateOf, string words, int limit);

    /// <summary>Conversations with messages between the two times, newest first: the rooms in
    /// <paramref name="rooms"/> and the private conversations of <paramref name="foldedNick"/>.</summary>
    IReadOnlyList<ConversationSummary> Targets(string foldedNick, IReadOnlyCollection<string> rooms, DateTimeOffset from, DateTimeOffset to, int limit);

    /// <summary>Deletes what the policy no longer keeps, in small transactions so traffic never stalls;
    /// returns how many messages were removed.</summary>
    long ApplyRetention(RetentionPolicy policy, DateTimeOffset now);
}
