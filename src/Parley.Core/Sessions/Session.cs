using Parley.Core.Events;
using Parley.Core.Hubs;

namespace Parley.Core.Sessions;

/// <summary>
/// One connected user as the hub sees it, whatever door they came through.
/// </summary>
/// <remarks>
/// Concurrency contract: the identity, rooms and flags are written on the hub's thread only. The Outbox is the
/// one member other threads touch (see <see cref="Sessions.Outbox"/>). A door subclasses Session to render what
/// is addressed to this user alone and to close its connection.
/// </remarks>
public abstract class Session
{
    private static long _nextId;

    protected Session(Outbox outbox, Identity identity, DateTimeOffset connectedAt)
    {
        Id = Interlocked.Increment(ref _nextId);
        Outbox = outbox;
        Who = identity;
        ConnectedAt = connectedAt;
        LastActivity = connectedAt;
    }

    public long Id { get; }
    public Outbox Outbox { get; }
    public Identity Who { get; internal set; }
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>When the user last said something (IRC WHOIS idle time).</summary>
    public DateTimeOffset LastActivity { get; internal set; }

    /// <summary>Registered in the hub's nick registry (IRC: after NICK and USER; line: at once).</summary>
    public bool IsRegistered { get; internal set; }

    /// <summary>Set when the connection is closing; the hub then ignores its remaining commands.</summary>
    public bool IsClosing => Volatile.Read(ref _closeReason) is not null;
    public string? CloseReason => Volatile.Read(ref _closeReason);
    private string? _closeReason;

    public string? AwayMessage { get; internal set; }
    public bool IsServerOperator { get; internal set; }
    public bool IsInvisible { get; internal set; }

    /// <summary>The rooms this session is in; an empty shared instance until the first join (most idle users are in none).</summary>
    internal Dictionary<Room, Membership> Memberships => _memberships ?? NoMemberships;
    private Dictionary<Room, Membership>? _memberships;
    private static readonly Dictionary<Room, Membership> NoMemberships = new(ReferenceEqualityComparer.Instance);

    internal void AddMembership(Room room, Membership membership) =>
        (_memberships ??= new Dictionary<Room, Membership>(ReferenceEqualityComparer.Instance)).Add(room, membership);

    internal void RemoveMembership(Room room)
    {
        if (_memberships is { } memberships && memberships.Remove(room) && memberships.Count == 0)
        {
            _memberships = null;
        }
    }

    public IEnumerable<Room> Rooms => Memberships.Keys;
    public int RoomCount => Memberships.Count;

    /// <summary>The format this session renders events of <paramref name="room"/> in (null: events not tied to a room).</summary>
    public abstract IEventFormat FormatFor(Room? room);

    /// <summary>True when the sender should get its own messages back (IRCv3 echo-message).</summary>
    public virtual bool EchoesOwnMessages => false;

    /// <summary>
    /// Closes the connection. Graceful: what is queued is written first (e.g. a closing notice), then the connection
    /// ends. Not graceful: ends at once (a client that does not read). The first reason given wins.
    /// Any thread; never blocks.
    /// </summary>
    public void Close(string reason, bool graceful)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        OnClose(graceful);
    }

    /// <summary>How the door ends its connection; see <see cref="Close"/>.</summary>
    protected abstract void OnClose(bool graceful);

    /// <summary>Called on the hub's thread when the server shuts down, before the connection is closed gracefully.</summary>
    public abstract void OnServerShutdown(string notice);

    public override string ToString() => $"session {Id} ({Who.Nick})";
}
