using Parley.Core.Hubs;
using Parley.Core.Names;
using Parley.Core.Sessions;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>Connection registration (RFC 2812 §3.1, Modern IRC "Connection Registration"): PASS, NICK, USER, then the welcome.</summary>
internal static class Registration
{
    public static void Pass(IrcContext context)
    {
        if (context.Session.IsRegistered)
        {
            context.Numeric(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }

        context.Session.Password = context.Param(0);
    }

    public static void Nick(IrcContext context)
    {
        var nick = context.Param(0);
        var session = context.Session;
        if (nick.Length == 0)
        {
            context.Numeric(Numerics.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }

        if (session.IsRegistered)
        {
            switch (context.Hub.ChangeNick(session, nick))
            {
                case HubResult.Ok or HubResult.Unchanged:
                    // The hub's NickEvent, sent to the user too, is the confirmation.
                    break;
                case HubResult.NickInUse:
                    context.Numeric(Numerics.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
                    break;
                default:
                    context.Numeric(Numerics.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
                    break;
            }

            return;
        }

        if (!NickRules.IsValid(nick, context.Hub.Options.NickLength))
        {
            context.Numeric(Numerics.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }

        if (!context.Hub.IsNickFree(nick))
        {
            context.Numeric(Numerics.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }

        context.Hub.SetPendingIdentity(session, session.Who.WithNick(nick));
        session.NickGiven = true;
        TryComplete(context);
    }

    public static void User(IrcContext context)
    {
        var session = context.Session;
        if (session.IsRegistered || session.UserGiven)
        {
            context.Numeric(Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }

        // No ident lookup: the user name is the client's word, marked with '~' as servers do for unverified ones.
        var user = new string(context.Param(0).Where(c => c > ' ' && c != '@' && c != '!').Take(10).ToArray());
        if (user.Length == 0)
        {
            context.Numeric(Numerics.ERR_NEEDMOREPARAMS, IrcCommands.User, "Not enough parameters");
            return;
        }

        var realName = TextRules.TruncateUtf8(TextRules.StripControls(context.Param(3)), 100);
        var who = session.Who;
        context.Hub.SetPendingIdentity(session, new Identity(who.Nick, "~" + user, who.Host, realName, who.Account, who.IsBot));
        session.UserGiven = true;
        TryComplete(context);
    }

    public static void Ping(IrcContext context) =>
        context.Reply(null, IrcCommands.Pong, context.Server, context.Param(0));

    public static void Quit(IrcContext context)
    {
        var reason = context.ParamCount > 0 && context.Param(0).Length > 0 ? "Quit: " + context.Param(0) : "Quit";
        context.Hub.Disconnect(context.Session, reason);
    }

    /// <summary>Registers once NICK and USER are in and capability negotiation (if any) has ended.</summary>
    public static void TryComplete(IrcContext context)
    {
        var session = context.Session;
        if (session.IsRegistered || !session.NickGiven || !session.UserGiven || session.CapNegotiating)
        {
            return;
        }

        var password = session.Door.Options.Password;
        if (!string.IsNullOrEmpty(password) && session.Password != password)
        {
            // RFC 2812 §3.1.1 / Modern IRC: ERR_PASSWDMISMATCH, then the server closes the link.
            context.Numeric(Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
            context.Flush();
            context.Replies.Clear();
            IrcLog.Refused(session.Door.Logger, session.Id, "bad password");
            session.Close("Bad password", graceful: true);
            return;
        }

        switch (context.Hub.Register(session))
        {
            case HubResult.Ok:
                IrcLog.Registered(session.Door.Logger, session.Id, session.Who.Nick, session.Caps);
                Welcome.Send(context);
                break;
            case HubResult.NickInUse:
                session.NickGiven = false;
                context.Numeric(Numerics.ERR_NICKNAMEINUSE, session.Who.Nick, "Nickname is already in use");
                break;
            default:
                session.NickGiven = false;
                context.Numeric(Numerics.ERR_ERRONEUSNICKNAME, session.Who.Nick, "Erroneous nickname");
                break;
        }
    }
}
