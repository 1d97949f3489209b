using Microsoft.Extensions.Logging;
using Parley.Core.Events;
using Parley.Core.Names;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Hubs;

/// <summary>
/// The single owner of chat state: the nick registry, rooms, membership, modes and topics (invariant 2).
/// </summary>
/// <remarks>
/// Concurrency contract: every member is called on the hub's thread only (see <see cref="HubLoop"/>), so the
/// state needs no locks and every room has one total order of events. Doors reach it by posting
/// <see cref="HubWork"/>; the results come back synchronously to the work's code, which renders its own replies.
/// </remarks>
public sealed partial class Hub
{
    private readonly Dictionary<string, Session> _nicks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly HashSet<Session> _scratchRecipients = new(ReferenceEqualityComparer.Instance);
    private readonly RenderCache _renderCache = new();
    private readonly WhowasHistory _whowas = new(capacity: 1000);
    private readonly ILogger _logger;

    public Hub(HubOptions options, IMessageStore store, TimeProvider time, ILogger<Hub> logger)
    {
        Options = options;
        Store = store;
        Time = time;
        _logger = logger;
        MessageIds = new MessageIds(time);
        Journal = new Journal(store, this);
        StartedAt = time.GetUtcNow();
    }

    public HubOptions Options { get; }
    public IMessageStore Store { get; }
    public TimeProvider Time { get; }
    public DateTimeOffset StartedAt { get; }
    internal Journal Journal { get; }

    /// <summary>The msgid generator; hub thread only.</summary>
    internal MessageIds MessageIds { get; }

    public int UserCount => _nicks.Count;
    public int MaxUserCount { get; private set; }

    /// <summary>Registered users with +i; kept as a count so that LUSERS, sent at every registration, is not a scan of
    /// every user (a reconnect storm of N users would otherwise cost N² steps).</summary>
    public int InvisibleCount { get; private set; }

    /// <summary>Registered server operators, counted like <see cref="InvisibleCount"/>.</summary>
    public int OperatorCount { get; private set; }
    public int RoomCount => _rooms.Count;
    public IEnumerable<Room> Rooms => _rooms.Values;
    public IEnumerable<Session> Users => _nicks.Values;
    public long CommittedMessages => Journal.CommittedCount;
    public WhowasHistory Whowas => _whowas;

    public DateTimeOffset Now => Time.GetUtcNow();

    public Session? FindUser(string nick) => _nicks.GetValueOrDefault(Casemapping.Fold(nick));

    public Room? FindRoom(string name) => _rooms.GetValueOrDefault(Casemapping.Fold(name));

    public bool IsNickFree(string nick) => !_nicks.ContainsKey(Casemapping.Fold(nick));

    /// <summary>A free guest nick <c>guest-NNNN</c>; more digits once the four-digit ones get crowded.</summary>
    public string NewGuestNick()
    {
        for (var digits = 4; ; digits++)
        {
            var max = (int)Math.Pow(10, Math.Min(digits, 9));
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var nick = "guest-" + Random.Shared.Next(max / 10, max).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (IsNickFree(nick))
                {
                    return nick;
                }
            }
        }
    }

    /// <summary>Enters a session into the nick registry under its current nick (which must be free and valid).</summary>
    public HubResult Register(Session session)
    {
        var nick = session.Who.Nick;
        if (!NickRules.IsValid(nick, Options.NickLength))
        {
            return HubResult.InvalidNick;
        }

        if (!_nicks.TryAdd(session.Who.FoldedNick, session))
        {
            return HubResult.NickInUse;
        }

        session.IsRegistered = true;
        MaxUserCount = Math.Max(MaxUserCount, _nicks.Count);
        CountFlags(session, +1);
        return HubResult.Ok;
    }

    /// <summary>Sets a session's identity before registration (IRC's NICK/USER before the welcome).</summary>
    public void SetPendingIdentity(Session session, Identity identity)
    {
        if (session.IsRegistered)
        {
            throw new InvalidOperationException("A registered session changes its nick through ChangeNick.");
        }

        session.Who = identity;
    }

    public HubResult ChangeNick(Session session, string newNick)
    {
        if (!NickRules.IsValid(newNick, Options.NickLength))
        {
            return HubResult.InvalidNick;
        }

        var old = session.Who;
        if (old.Nick == newNick)
        {
            return HubResult.Unchanged;
        }

        var folded = Casemapping.Fold(newNick);
        if (folded != old.FoldedNick && _nicks.ContainsKey(folded))
        {
            return HubResult.NickInUse;
        }

        _nicks.Remove(old.FoldedNick);
        _nicks[folded] = session;
        session.Who = old.WithNick(newNick);
        _whowas.Add(old, Now);
        Announce(new NickEvent(Now, old, session.Who), session, includeSelf: true);
        return HubResult.Ok;
    }

    /// <summary>Replaces a registered session's identity in place (host, real name, account, bot flag) and tells who should know.</summary>
    public void UpdateIdentity(Session session, Identity identity, HubEvent? announcement)
    {
        session.Who = identity;
        if (announcement is not null)
        {
            Announce(announcement, session, includeSelf: true);
        }
    }

    /// <summary>
    /// Removes a session: from its rooms (emptied rooms disappear), from the registry, with a quit to everyone who
    /// shared a room with it. Idempotent: a connection can end for several reasons at once.
    /// </summary>
    public void Disconnect(Session session, string reason)
    {
        if (!session.IsRegistered)
        {
            session.Close(reason, graceful: true);
            return;
        }

        reason = TextRules.TruncateUtf8(TextRules.StripControls(reason), Options.ReasonLength);
        var who = session.Who;
        Announce(new QuitEvent(Now, who, reason), session, includeSelf: false);
        foreach (var room in session.Memberships.Keys.ToList())
        {
            RemoveMember(room, session);
        }

        _nicks.Remove(who.FoldedNick);
        CountFlags(session, -1);
        _whowas.Add(who, Now);
        session.IsRegistered = false;
        session.Close(reason, graceful: true);
        Log.Disconnected(_logger, session.Id, reason);
    }

    /// <summary>Adds a registered session's +i and operator flags to the counts, or takes them away.</summary>
    private void CountFlags(Session session, int sign)
    {
        InvisibleCount += session.IsInvisible ? sign : 0;
        OperatorCount += session.IsServerOperator ? sign : 0;
    }

    /// <summary>Tells every registered session that the server stops, then closes them all gracefully.</summary>
    public void Shutdown(string notice)
    {
        Journal.Drain();
        foreach (var session in _nicks.Values.ToList())
        {
            session.OnServerShutdown(notice);
            session.Close(notice, graceful: true);
        }
    }

    /// <summary>Commits and delivers the messages waiting in the Journal, on the hub's own thread after what the
    /// Journal's threads already have (see Journal.Drain).</summary>
    public void FlushJournal() => Journal.Drain();

    /// <summary>
    /// At the end of a round of work: when the round accepted a few dozen messages at most and the Journal's threads
    /// are idle, commits and delivers them here (see <see cref="Journal.SubmitOrCommitHere"/>); otherwise hands them
    /// to the Journal's threads.
    /// </summary>
    public void EndRound() => Journal.SubmitOrCommitHere();

    /// <summary>Ends the Journal's writer after delivering everything (server stop).</summary>
    public void StopJournal() => Journal.Dispose();

    /// <summary>
    /// Sends an event to the session (when <paramref name="includeSelf"/>) and to every member of every room it is in,
    /// each recipient once.
    /// </summary>
    public void Announce(HubEvent hubEvent, Session session, bool includeSelf)
    {
        var recipients = _scratchRecipients;
        recipients.Clear();
        if (includeSelf)
        {
            recipients.Add(session);
        }

        foreach (var room in session.Memberships.Keys)
        {
            foreach (var member in room.Members.Keys)
            {
                recipients.Add(member);
            }
        }

        if (!includeSelf)
        {
            recipients.Remove(session);
        }

        _renderCache.Reset(hubEvent);
        foreach (var recipient in recipients)
        {
            recipient.Outbox.Enqueue(_renderCache.Get(recipient.FormatFor(null)));
        }

        recipients.Clear();
    }

    /// <summary>Sends an event to every member of a room except <paramref name="except"/>, rendered once per format.</summary>
    public void SendToRoom(HubEvent hubEvent, Room room, Session? except = null)
    {
        _renderCache.Reset(hubEvent);
        foreach (var member in room.Members.Keys)
        {
            if (!ReferenceEquals(member, except))
            {
                member.Outbox.Enqueue(_renderCache.Get(member.FormatFor(room)));
            }
        }
    }

    /// <summary>Sends an event to one session.</summary>
    public static void SendTo(HubEvent hubEvent, Session session, Room? room = null) =>
        session.Outbox.Enqueue(session.FormatFor(room).Render(hubEvent));

    /// <summary>Fan-out of a committed private message (room messages: <see cref="FanOut"/>), on a delivering thread.</summary>
    /// <remarks>Recipients are enqueued quietly and collected in <paramref name="toWake"/>: the caller wakes each once per batch.</remarks>
    internal static void DeliverPrivateMessage(MessageEvent message, Session sender, Session? recipient, HashSet<Session> toWake)
    {
        if (recipient is not null)
        {
            DeliverQuietly(recipient, recipient.FormatFor(null).Render(message), toWake);
        }

        if (sender.EchoesOwnMessages && !ReferenceEquals(sender, recipient))
        {
            DeliverQuietly(sender, sender.FormatFor(null).Render(message), toWake);
        }
    }

    private static void DeliverQuietly(Session recipient, ReadOnlyMemory<byte> bytes, HashSet<Session> toWake)
    {
        if (recipient.Outbox.EnqueueQuietly(bytes))
        {
            toWake.Add(recipient);
        }
    }

    internal void OnStoreFailure(Exception ex, IEnumerable<Session> senders)
    {
        Log.StoreFailed(_logger, ex);
        foreach (var sender in senders)
        {
            SendTo(new ServerNoticeEvent(Now, "Your message could not be stored and was not delivered; please try again."), sender);
        }
    }

    private void RemoveMember(Room room, Session session)
    {
        room.Members.Remove(session);
        session.RemoveMembership(room);
        if (room.Members.Count == 0)
        {
            _rooms.Remove(room.FoldedName);
        }
    }
}
