namespace Parley.Core.Storage;

/// <summary>What kind of utterance a stored message is; the doors render each differently (IRC: PRIVMSG, CTCP ACTION, NOTICE).</summary>
public enum MessageKind : byte
{
    Say = 0,
    Action = 1,
    Notice = 2,
}

/// <summary>
/// One message as the Journal made it durable: its identity (<see cref="MsgId"/>, <see cref="Time"/>,
/// <see cref="Sequence"/> within its <see cref="Target"/>) and its content.
/// </summary>
/// <param name="MsgId">Server-assigned, globally unique, never reused (a version-7 GUID in compact form).</param>
/// <param name="Time">The server's UTC time when the Journal accepted the message.</param>
/// <param name="Target">
/// The conversation the message belongs to, case-folded: a room (<c>#general</c>) or, for a private message,
/// the key made by <see cref="ConversationKey.ForPrivate"/>.
/// </param>
/// <param name="Sequence">1, 2, 3… within <see cref="Target"/>: the per-room total order.</param>
/// <param name="SenderNick">The sender's nick as displayed when the message was sent.</param>
/// <param name="SenderAccount">The sender's account, when logged in.</param>
/// <param name="Recipient">For a private message, the recipient's nick as addressed; null for a room message.</param>
/// <param name="Text">The text, already checked to be valid UTF-8 within the limits.</param>
/// <param name="SenderUser">The sender's user name (IRC ident), for rendering the prefix on replay.</param>
/// <param name="SenderHost">The sender's displayed host, for rendering the prefix on replay.</param>
public sealed record StoredMessage(
    string MsgId,
    DateTimeOffset Time,
    string Target,
    long Sequence,
    MessageKind Kind,
    string SenderNick,
    string? SenderAccount,
    string? Recipient,
    string Text,
    string SenderUser = "",
    string SenderHost = "")
{
    /// <summary>True when the message is private (Target is a conversation key, not a room).</summary>
    public bool IsPrivate => Recipient is not null;
}
