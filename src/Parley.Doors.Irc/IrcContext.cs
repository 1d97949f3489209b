using Parley.Core.Hubs;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>What an IRC command handler works with on the hub's thread: the hub, the client, its message, its replies.</summary>
internal sealed class IrcContext
{
    public IrcContext(Hub hub, IrcSession session, IrcMessage message)
    {
        Hub = hub;
        Session = session;
        Message = message;
        Replies = new IrcReplies(session.Door.ServerName);
        if (session.Has(IrcCaps.LabeledResponse) && message.TryGetTag("label", out var label) && label.Length > 0)
        {
            Label = label;
        }
    }

    public Hub Hub { get; }
    public IrcSession Session { get; }
    public IrcMessage Message { get; }
    public IrcReplies Replies { get; }

    /// <summary>IRCv3 labeled-response: the client's label, when it negotiated the capability.</summary>
    public string? Label { get; }

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
