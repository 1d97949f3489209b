using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>
/// A unit of work a door hands to the hub's thread: typically one parsed command of one session.
/// </summary>
public abstract class HubWork
{
    protected HubWork(Session? session) => Session = session;

    /// <summary>The session the work is for; null for server work (shutdown, timers).</summary>
    public Session? Session { get; }

    /// <summary>
    /// True when the work only sends messages (room or private). Such work joins the Journal's pending batch;
    /// any other work first commits and delivers what is pending, so that state changes (joins, parts, nick
    /// changes) are seen by everyone after the messages sent before them (invariant 3).
    /// Message work must not change membership or room state: the Journal's writer may be fanning out meanwhile.
    /// </summary>
    public virtual bool IsMessage => false;

    /// <summary>True when the work must run even after its session began closing (its quit, for instance).</summary>
    public virtual bool RunsWhenClosing => false;

    /// <summary>Released after the work ran: the posting connection's bound on work in flight (back-pressure).</summary>
    internal InFlightGate? Gate { get; set; }

    /// <summary>Runs in a round of the hub: on the hub's thread, or on the reader that posted it when the hub was idle
    /// (never two rounds at once).</summary>
    public abstract void Execute(Hub hub);
}

/// <summary>Work given as a delegate; for tests, timers and rare server work.</summary>
public sealed class DelegateWork(Session? session, Action<Hub> action, bool runsWhenClosing = false) : HubWork(session)
{
    public override bool RunsWhenClosing => runsWhenClosing;
    public override void Execute(Hub hub) => action(hub);
}

/// <summary>The end of a connection: removes the session from the hub and tells the others why.</summary>
public sealed class DisconnectWork(Session session, string reason) : HubWork(session)
{
    public override bool RunsWhenClosing => true;
    public override void Execute(Hub hub) => hub.Disconnect(Session!, Session!.CloseReason ?? reason);
}
