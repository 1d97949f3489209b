namespace Parley.Core.Storage;

/// <summary>A store that keeps nothing: history disabled (<c>--history false</c>) and the store-less benchmark baseline.</summary>
public sealed class NullMessageStore : IMessageStore
{
    public static NullMessageStore Instance { get; } = new();

    public void Append(IReadOnlyList<StoredMessage> batch) { }
    public long LastSequence(string target) => 0;
    public IReadOnlyList<StoredMessage> Latest(string target, int limit) => [];
    public IReadOnlyList<StoredMessage> Before(string target, HistoryAnchor anchor, int limit) => [];
    public IReadOnlyList<StoredMessage> After(string target, HistoryAnchor anchor, int limit) => [];
    public IReadOnlyList<StoredMessage> Around(string target, HistoryAnchor anchor, int limit) => [];
    public IReadOnlyList<StoredMessage> Between(string target, HistoryAnchor from, HistoryAnchor to, int limit) => [];
    public StoredMessage? Find(string msgId) => null;
    public IReadOnlyList<StoredMessage> Search(IReadOnlyCollection<string>? targets, string? privateOf, string words, int limit) => [];
    public IReadOnlyList<ConversationSummary> Targets(string foldedNick, IReadOnlyCollection<string> rooms, DateTimeOffset from, DateTimeOffset to, int limit) => [];
    public long ApplyRetention(RetentionPolicy policy, DateTimeOffset now) => 0;
    public void Dispose() { }
}
