using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>A member's privileges in a room (IRC prefixes @ and +).</summary>
[Flags]
public enum MemberStatus
{
    None = 0,
    Voice = 1,
    Operator = 2,
}

/// <summary>One session's presence in one room. Hub thread only.</summary>
public sealed class Membership
{
    internal Membership(Session session, Room room, MemberStatus status, DateTimeOffset joinedAt)
    {
        Session = session;
        Room = room;
        Status = status;
        JoinedAt = joinedAt;
    }

    public Session Session { get; }
    public Room Room { get; }
    public MemberStatus Status { get; internal set; }
    public DateTimeOffset JoinedAt { get; }

    public bool IsOperator => (Status & MemberStatus.Operator) != 0;
    public bool IsVoiced => (Status & MemberStatus.Voice) != 0;
}
