using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>IRCv3 capability negotiation (version 302): LS, LIST, REQ (all or nothing), END.</summary>
internal static class CapCommand
{
    private const string ErrInvalidCapCmd = "410";

    public static void Run(IrcContext context)
    {
        var session = context.Session;
        var sub = context.Param(0).ToUpperInvariant();
        switch (sub)
        {
            case "LS":
                // "If a client sends CAP LS or CAP REQ before registering, the server MUST suspend registration
                // until the client sends CAP END." LS 302 also implies cap-notify.
                SuspendRegistration(session);
                if (int.TryParse(context.Param(1), out var version) && version >= 302)
                {
                    session.Caps |= IrcCaps.CapNotify;
                }

                context.Reply(null, IrcCommands.Cap, context.Nick, "LS", Capabilities.List);
                break;
            case "LIST":
                context.Reply(null, IrcCommands.Cap, context.Nick, "LIST", Capabilities.Names(session.Caps));
                break;
            case "REQ":
                SuspendRegistration(session);
                Request(context, context.Param(1));
                break;
            case "END":
                if (session.CapNegotiating)
                {
                    session.CapNegotiating = false;
                    Registration.TryComplete(context);
                }

                break;
            default:
                context.Numeric(ErrInvalidCapCmd, sub, "Invalid CAP command");
                break;
        }
    }

    private static void SuspendRegistration(IrcSession session)
    {
        if (!session.IsRegistered)
        {
            session.CapNegotiating = true;
        }
    }

    /// <summary>"The server MUST either accept all of the requested capabilities or reject all of them."</summary>
    private static void Request(IrcContext context, string request)
    {
        var add = IrcCaps.None;
        var remove = IrcCaps.None;
        foreach (var word in request.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var removing = word[0] == '-';
            var cap = Capabilities.Find(removing ? word[1..] : word);
            if (cap == IrcCaps.None)
            {
                context.Reply(null, IrcCommands.Cap, context.Nick, "NAK", request);
                return;
            }

            if (removing)
            {
                remove |= cap;
            }
            else
            {
                add |= cap;
            }
        }

        context.Session.Caps = (context.Session.Caps | add) & ~remove;
        context.Reply(null, IrcCommands.Cap, context.Nick, "ACK", request);
    }
}
