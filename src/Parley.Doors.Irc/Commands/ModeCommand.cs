using System.Globalization;
using Parley.Core.Hubs;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>
/// MODE (RFC 2812 §3.1.5 user modes, §3.2.3 channel modes). The door only parses the mode string into typed
/// changes and renders; the hub applies them and announces a ModeEvent.
/// </summary>
internal static class ModeCommand
{
    public static void Run(IrcContext context)
    {
        var target = context.Param(0);
        if (target.StartsWith('#'))
        {
            RoomModes(context, target);
        }
        else
        {
            UserModes(context, target);
        }
    }

    private static void UserModes(IrcContext context, string target)
    {
        var session = context.Session;
        if (context.Hub.FindUser(target) is not { } user)
        {
            context.Numeric(Numerics.ERR_NOSUCHNICK, target, "No such nick/channel");
            return;
        }

        if (!ReferenceEquals(user, session))
        {
            context.Numeric(Numerics.ERR_USERSDONTMATCH, "Cant change mode for other users");
            return;
        }

        if (context.ParamCount < 2)
        {
            context.Numeric(Numerics.RPL_UMODEIS, UserModeString(session));
            return;
        }

        bool? invisible = null, bot = null;
        var adding = true;
        var unknown = false;
        var changed = "";
        char? sign = null;
        void Note(bool add, char mode)
        {
            var wanted = add ? '+' : '-';
            changed += (sign == wanted ? "" : wanted.ToString()) + mode;
            sign = wanted;
        }

        foreach (var c in context.Param(1))
        {
            switch (c)
            {
                case '+' or '-':
                    adding = c == '+';
                    break;
                case 'i':
                    if (session.IsInvisible != adding)
                    {
                        invisible = adding;
                        Note(adding, 'i');
                    }

                    break;
                case 'B':
                    if (session.Who.IsBot != adding)
                    {
                        bot = adding;
                        Note(adding, 'B');
                    }

                    break;
                case 'o' when !adding:
                    // An operator may drop the privilege, never take it this way (RFC 2812 §3.1.5).
                    break;
                default:
                    unknown = true;
                    break;
            }
        }

        context.Hub.SetUserModes(session, invisible, bot);
        if (changed.Length > 0)
        {
            context.Reply(session.Who.Prefix, IrcCommands.Mode, session.Who.Nick, changed);
        }

        if (unknown)
        {
            context.Numeric(Numerics.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
    }

    private static void RoomModes(IrcContext context, string name)
    {
        var room = context.Hub.FindRoom(name);
        if (room is null)
        {
            context.Numeric(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }

        var member = room.MembershipOf(context.Session) is not null;
        if (context.ParamCount < 2)
        {
            var (modes, arguments) = Hub.DescribeModes(room, showKey: member);
            context.Numeric(Numerics.RPL_CHANNELMODEIS, [room.Name, modes, .. arguments]);
            context.Numeric(Numerics.RPL_CREATIONTIME, room.Name, room.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            return;
        }

        var changes = new List<ModeChange>();
        var adding = true;
        var next = 2;
        var withArgument = 0;
        foreach (var c in context.Param(1))
        {
            if (c is '+' or '-')
            {
                adding = c == '+';
                continue;
            }

            if (!Hub.RoomModeLetters.Contains(c, StringComparison.Ordinal))
            {
                context.Numeric(Numerics.ERR_UNKNOWNMODE, c.ToString(), "is unknown mode char to me");
                continue;
            }

            var takesArgument = c is 'o' or 'v' or 'b' or 'k' || (c == 'l' && adding);
            string? argument = null;
            if (takesArgument)
            {
                if (next >= context.ParamCount)
                {
                    if (c == 'b')
                    {
                        SendBanList(context, room);
                    }
                    else if (c != 'k' || adding)
                    {
                        context.Numeric(Numerics.ERR_INVALIDMODEPARAM, room.Name, c.ToString(), "*", "You must specify a parameter for this mode");
                    }
                    else
                    {
                        changes.Add(new ModeChange(c, adding, null));
                    }

                    continue;
                }

                // ISUPPORT MODES: at most that many parameter-taking changes per command; the rest are ignored.
                if (++withArgument > Welcome.MaxModesPerCommand)
                {
                    continue;
                }

                argument = context.Param(next++);
            }

            changes.Add(new ModeChange(c, adding, argument));
        }

        if (changes.Count == 0)
        {
            return;
        }

        var outcome = context.Hub.ChangeRoomModes(context.Session, name, changes, context.Override);
        if (outcome.Result != HubResult.Ok)
        {
            context.Numeric(Numerics.ERR_CHANOPRIVSNEEDED, room.Name, "You're not channel operator");
            return;
        }

        foreach (var refusal in outcome.Refused)
        {
            var change = refusal.Change;
            switch (refusal.Reason)
            {
                case HubResult.NoSuchNick:
                    context.Numeric(Numerics.ERR_NOSUCHNICK, change.Argument ?? "*", "No such nick/channel");
                    break;
                case HubResult.TargetNotOnRoom:
                    context.Numeric(Numerics.ERR_USERNOTINCHANNEL, change.Argument ?? "*", room.Name, "They aren't on that channel");
                    break;
                case HubResult.KeyAlreadySet:
                    context.Numeric(Numerics.ERR_KEYSET, room.Name, "Channel key already set");
                    break;
                case HubResult.UnknownMode:
                    context.Numeric(Numerics.ERR_UNKNOWNMODE, change.Mode.ToString(), "is unknown mode char to me");
                    break;
                default:
                    context.Numeric(Numerics.ERR_INVALIDMODEPARAM, room.Name, change.Mode.ToString(), change.Argument ?? "*", "Invalid mode parameter");
                    break;
            }
        }
    }

    private static void SendBanList(IrcContext context, Room room)
    {
        foreach (var ban in room.BanList)
        {
            context.Numeric(Numerics.RPL_BANLIST, room.Name, ban.Mask, ban.SetBy, ban.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        context.Numeric(Numerics.RPL_ENDOFBANLIST, room.Name, "End of channel ban list");
    }

    public static string UserModeString(Parley.Core.Sessions.Session session) =>
        "+" + (session.IsInvisible ? "i" : "") + (session.Who.IsBot ? "B" : "") + (session.IsServerOperator ? "o" : "");
}
