using Parley.Core.Hubs;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>What an IRC command handler works with on the hub's thread: the hub, the client, its message, its replies.</summary>
internal sealed class IrcContext
{
    /// <summary>This thread's context for its next command: one is made per thread, not per command (a tenth of
    /// what a private message allocated, with its <see cref="IrcReplies"/>).</summary>
    [ThreadStatic]
    private static IrcContext? _spare;

    private IrcContext(Hub hub, IrcSession session, IrcMessage message)
    {
        Replies = new IrcReplies(session.Door.ServerName);
        Start(hub, session, message);
    }

    public Hub Hub { get; private set; } = null!;
    public IrcSession Session { get; private set; } = null!;
    public IrcMessage Message { get; private set; } = null!;
    public IrcReplies Replies { get; }

    /// <summary>IRCv3 labeled-response: the client's label, when it negotiated the capability.</summary>
    public string? Label { get; private set; }

    /// <summary>
    /// A context for one command, this thread's spare when it has one; give it back with <see cref="Return"/> once
    /// the command's replies are flushed.
    /// </summary>
    public static IrcContext Rent(Hub hub, IrcSession session, IrcMessage message)
    {
        var context = _spare;
        if (context is null)
        {
            return new IrcContext(hub, session, message);
        }

        _spare = null;
        context.Start(hub, session, message);
        return context;
    }

    /// <summary>Makes this context this thread's spare again, unless the command deferred its replies (what it handed
    /// to follow-up work may still use it). It must not be used after this.</summary>
    public void Return()
    {
        if (IsDeferred)
        {
            return;
        }

        // Nothing of the command stays reachable from the spare.
        Session = null!;
        Message = null!;
        Label = null;
        _spare = this;
    }

    private void Start(Hub hub, IrcSession session, IrcMessage message)
    {
        Hub = hub;
        Session = session;
        Message = message;
        Replies.Reuse(session.Door.ServerName);
        Label = session.Has(IrcCaps.LabeledResponse) && message.TryGetTag("label", out var label) && label.Length > 0 ? label : null;
    }

    public string Server => Session.Door.ServerName;
    public string Nick => Session.Target;

    /// <summary>Parameter <paramref name="index"/> or "".</summary>
    public string Param(int index) => Message.GetParameter(index) ?? "";

    public int ParamCount => Message.Parameters.Count;

    /// <summary>Server operators act with override (the hub methods' <c>overridePrivileges</c>).</summary>
    public bool Override => Session.IsServerOperator;

    public void Numeric(string code, params string[] parameters) => Replies.Numeric(Nick, code, parameters);

    public void Reply(string? source, string command, params string[] parameters) => Replies.Add(source ?? Server, command, parameters);

    /// <summary>The replies come later from follow-up work (a slow check off the hub's thread); nothing is sent now.</summary>
    public void Defer() => IsDeferred = true;

    public bool IsDeferred { get; private set; }

    /// <summary>Queues the collected replies as one write (with the label when there is one).</summary>
    public void Flush()
    {
        if (IsDeferred || (Replies.Count == 0 && Label is null))
        {
            Replies.Release();
            return;
        }

        Session.Outbox.Enqueue(Replies.Build(Label, Session.Has(IrcCaps.Batch)));
    }
}
