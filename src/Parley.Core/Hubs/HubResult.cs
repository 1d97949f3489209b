namespace Parley.Core.Hubs;

/// <summary>The outcome of a hub operation; each door turns the failures into its own error (a line, a numeric).</summary>
public enum HubResult
{
    Ok,
    /// <summary>Nothing changed (same nick, already a member…): not an error, nothing to announce.</summary>
    Unchanged,
    InvalidNick,
    NickInUse,
    InvalidRoomName,
    NoSuchNick,
    NoSuchRoom,
    NotOnRoom,
    TooManyRooms,
    Banned,
    InviteOnly,
    BadKey,
    RoomFull,
    CannotSendToRoom,
    NeedRoomOperator,
    TargetNotOnRoom,
    TargetAlreadyOnRoom,
    EmptyText,
    /// <summary>A mode letter the hub does not know.</summary>
    UnknownMode,
    /// <summary>A mode that needs an argument came without one, or with a bad one.</summary>
    InvalidModeParameter,
    /// <summary>+k while a key is already set (RFC 2812 ERR_KEYSET).</summary>
    KeyAlreadySet,
    /// <summary>The action needs a server operator.</summary>
    NoPrivileges,
    /// <summary>The store refused the message; nobody received it.</summary>
    StoreFailed,
}
