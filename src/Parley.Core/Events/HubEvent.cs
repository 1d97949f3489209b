using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Events;

/// <summary>
/// Something the hub tells sessions about. Fan-out renders an event once per <see cref="IEventFormat"/>
/// and shares the bytes among all recipients with that format.
/// </summary>
public abstract record HubEvent(DateTimeOffset Time);

/// <summary>A room or private message that the Journal made durable.</summary>
/// <param name="ClientTags">Client-only IRCv3 tags (<c>+typing</c>, <c>+draft/reply</c>…) as the sender wrote them, escaped; null when none.</param>
public sealed record MessageEvent(StoredMessage Message, Identity From, Room? Room, string? ClientTags)
    : HubEvent(Message.Time);

/// <summary>An IRCv3 TAGMSG: client-only tags without text, never stored.</summary>
public sealed record TagMessageEvent(DateTimeOffset At, string MsgId, Identity From, Room? Room, string? RecipientNick, string ClientTags)
    : HubEvent(At);

public sealed record JoinEvent(DateTimeOffset At, Identity Who, Room Room) : HubEvent(At);

public sealed record PartEvent(DateTimeOffset At, Identity Who, Room Room, string? Reason) : HubEvent(At);

public sealed record QuitEvent(DateTimeOffset At, Identity Who, string Reason) : HubEvent(At);

public sealed record NickEvent(DateTimeOffset At, Identity Old, Identity New) : HubEvent(At);

public sealed record TopicEvent(DateTimeOffset At, Identity Who, Room Room, string Topic) : HubEvent(At);

public sealed record KickEvent(DateTimeOffset At, Identity Who, Room Room, Identity Victim, string Reason) : HubEvent(At);

/// <summary>Channel modes changed; <paramref name="Who"/> is null when the server set them.</summary>
public sealed record ModeEvent(DateTimeOffset At, Identity? Who, Room Room, string Modes, IReadOnlyList<string> Arguments) : HubEvent(At);

public sealed record AwayEvent(DateTimeOffset At, Identity Who, string? Message) : HubEvent(At);

public sealed record InviteEvent(DateTimeOffset At, Identity Who, Room Room, Identity Invitee) : HubEvent(At);

public sealed record SetNameEvent(DateTimeOffset At, Identity Who) : HubEvent(At);

public sealed record ChangeHostEvent(DateTimeOffset At, Identity Old, Identity New) : HubEvent(At);

public sealed record AccountEvent(DateTimeOffset At, Identity Who) : HubEvent(At);

/// <summary>A notice from the server itself (shutdown, operator wallops).</summary>
public sealed record ServerNoticeEvent(DateTimeOffset At, string Text) : HubEvent(At);
