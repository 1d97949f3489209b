using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>Builders of stored messages for tests.</summary>
internal static class Messages
{
    /// <summary>A start time with milliseconds, so tests see that they survive.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static StoredMessage Room(string target, long seq, string? text = null, DateTimeOffset? time = null, string nick = "alice") => new(
        MsgId: NewId(),
        Time: time ?? T0.AddSeconds(seq),
        Target: target,
        Sequence: seq,
        Kind: MessageKind.Say,
        SenderNick: nick,
        SenderAccount: null,
        Recipient: null,
        Text: text ?? $"message {seq} in {target}",
        SenderUser: "~" + nick,
        SenderHost: "host.example");

    public static StoredMessage Private(string from, string to, long seq, string text, DateTimeOffset? time = null) => new(
        MsgId: NewId(),
        Time: time ?? T0.AddSeconds(seq),
        Target: ConversationKey.ForPrivate(from, to),
        Sequence: seq,
        Kind: MessageKind.Say,
        SenderNick: from,
        SenderAccount: from,
        Recipient: to,
        Text: text);

    /// <summary>Messages 1..count (or from <paramref name="first"/>) of one room, a second apart.</summary>
    public static List<StoredMessage> Run(string target, int count, long first = 1) =>
        Enumerable.Range(0, count).Select(i => Room(target, first + i)).ToList();

    public static List<long> Seqs(IEnumerable<StoredMessage> messages) => messages.Select(m => m.Sequence).ToList();

    public static List<long> Range(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i).ToList();

    private static string NewId() => Guid.CreateVersion7().ToString("N");
}
