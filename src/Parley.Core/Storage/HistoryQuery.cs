namespace Parley.Core.Storage;

/// <summary>A point in a conversation's history: a message id or a time (IRCv3 chathistory's <c>msgid=</c> and <c>timestamp=</c>).</summary>
public readonly record struct HistoryAnchor(string? MsgId, DateTimeOffset? Time)
{
    public static HistoryAnchor ById(string msgId) => new(msgId, null);
    public static HistoryAnchor AtTime(DateTimeOffset time) => new(null, time);
}

/// <summary>A conversation that had messages, with the time of its newest one (chathistory TARGETS).</summary>
public sealed record ConversationSummary(string Target, DateTimeOffset LatestTime);

/// <summary>A limit on stored history; null members mean "no limit". The default keeps everything.</summary>
public sealed record RetentionPolicy(TimeSpan? MaxAge, int? MaxMessagesPerTarget)
{
    public static RetentionPolicy KeepEverything { get; } = new(null, null);
    public bool KeepsEverything => MaxAge is null && MaxMessagesPerTarget is null;
}
