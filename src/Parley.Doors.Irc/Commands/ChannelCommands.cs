using System.Globalization;
using Parley.Core.Events;
using Parley.Core.Hubs;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>Channel operations (RFC 2812 §3.2): JOIN, PART, TOPIC, NAMES, LIST, KICK, INVITE.</summary>
internal static class ChannelCommands
{
    public static void Join(IrcContext context)
    {
        var hub = context.Hub;
        var session = context.Session;
        if (context.Param(0) == "0")
        {
            // RFC 2812 §3.2.1: "JOIN 0" leaves every channel.
            foreach (var room in session.Rooms.ToList())
            {
                hub.Part(session, room.Name, null);
                context.Replies.AddRaw(session.FormatFor(room).Render(new PartEvent(hub.Now, session.Who, room, null)));
            }

            return;
        }

        var names = context.Param(0).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var keys = context.Param(1).Split(',');
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var key = i < keys.Length && keys[i].Length > 0 ? keys[i] : null;
            var (result, room) = hub.Join(session, name, key, context.Override);
            switch (result)
            {
                case HubResult.Ok:
                    SendJoinConfirmation(context, room!);
                    break;
                case HubResult.Unchanged:
                    break;
                case HubResult.InvalidRoomName:
                    context.Numeric(name.StartsWith('#') ? Numerics.ERR_BADCHANMASK : Numerics.ERR_NOSUCHCHANNEL, name, "Invalid channel name");
                    break;
                case HubResult.TooManyRooms:
                    context.Numeric(Numerics.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
                    break;
                case HubResult.Banned:
                    context.Numeric(Numerics.ERR_BANNEDFROMCHAN, name, "Cannot join channel (+b)");
                    break;
                case HubResult.InviteOnly:
                    context.Numeric(Numerics.ERR_INVITEONLYCHAN, name, "Cannot join channel (+i)");
                    break;
                case HubResult.BadKey:
                    context.Numeric(Numerics.ERR_BADCHANNELKEY, name, "Cannot join channel (+k)");
                    break;
                case HubResult.RoomFull:
                    context.Numeric(Numerics.ERR_CHANNELISFULL, name, "Cannot join channel (+l)");
                    break;
                default:
                    context.Numeric(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
                    break;
            }
        }
    }

    /// <summary>
    /// Modern IRC "JOIN message": the client's own JOIN, then the topic (332/333, none when unset), then NAMES (353/366).
    /// Clients without draft/chathistory then get the room's last messages, with their original time when they
    /// negotiated server-time.
    /// </summary>
    public static void SendJoinConfirmation(IrcContext context, Room room)
    {
        var session = context.Session;
        var format = (IrcFormat)session.FormatFor(room);
        context.Replies.AddRaw(format.Render(new JoinEvent(context.Hub.Now, session.Who, room)));
        if (room.Topic is not null)
        {
            SendTopic(context, room);
        }

        SendNames(context, room);
        var replay = context.Hub.Options.HistoryOnJoin;
        if (replay > 0 && !session.Has(IrcCaps.ChatHistory))
        {
            var replies = context.Replies;
            var from = replies.Position;
            foreach (var message in context.Hub.Store.Latest(room.FoldedName, replay))
            {
                format.WriteStored(replies.Writer, message, room.Name, null);
            }

            replies.AddWritten(from);
        }
    }

    public static void Part(IrcContext context)
    {
        var reason = context.ParamCount > 1 ? context.Param(1) : null;
        foreach (var name in context.Param(0).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (result, room) = context.Hub.Part(context.Session, name, reason);
            switch (result)
            {
                case HubResult.Ok:
                    context.Replies.AddRaw(context.Session.FormatFor(room).Render(new PartEvent(context.Hub.Now, context.Session.Who, room!, reason)));
                    break;
                case HubResult.NotOnRoom:
                    context.Numeric(Numerics.ERR_NOTONCHANNEL, name, "You're not on that channel");
                    break;
                default:
                    context.Numeric(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
                    break;
            }
        }
    }

    public static void Topic(IrcContext context)
    {
        var name = context.Param(0);
        if (context.ParamCount < 2)
        {
            var room = context.Hub.FindRoom(name);
            if (room is null || (room.IsSecret && room.MembershipOf(context.Session) is null))
            {
                context.Numeric(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            }
            else if (room.Topic is null)
            {
                context.Numeric(Numerics.RPL_NOTOPIC, room.Name, "No topic is set");
            }
            else
            {
                SendTopic(context, room);
            }

            return;
        }

        // The hub sends the TopicEvent to every member, the setter included: that is the confirmation.
        var (result, _) = context.Hub.SetTopic(context.Session, name, context.Param(1), context.Override);
        ReportRoomError(context, result, name);
    }

    public static void Names(IrcContext context)
    {
        if (context.ParamCount == 0)
        {
            context.Numeric(Numerics.RPL_ENDOFNAMES, "*", "End of /NAMES list.");
            return;
        }

        foreach (var name in context.Param(0).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var room = context.Hub.FindRoom(name);
            if (room is not null && (!room.IsSecret || room.MembershipOf(context.Session) is not null))
            {
                SendNames(context, room);
            }
            else
            {
                context.Numeric(Numerics.RPL_ENDOFNAMES, name, "End of /NAMES list.");
            }
        }
    }

    public static void List(IrcContext context)
    {
        var filter = context.ParamCount > 0 ? context.Param(0).Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
        context.Numeric(Numerics.RPL_LISTSTART, "Channel", "Users  Name");
        foreach (var room in context.Hub.Rooms.OrderBy(r => r.FoldedName, StringComparer.Ordinal))
        {
            if (room.IsSecret && room.MembershipOf(context.Session) is null)
            {
                continue;
            }

            if (filter is not null && !filter.Any(f => Parley.Core.Names.Wildcard.IsMatch(f, room.Name)))
            {
                continue;
            }

            context.Numeric(Numerics.RPL_LIST, room.Name, room.MemberCount.ToString(CultureInfo.InvariantCulture), room.Topic ?? "");
        }

        context.Numeric(Numerics.RPL_LISTEND, "End of /LIST");
    }

    public static void Kick(IrcContext context)
    {
        var name = context.Param(0);
        var reason = context.ParamCount > 2 ? context.Param(2) : null;
        foreach (var victim in context.Param(1).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (result, _) = context.Hub.Kick(context.Session, name, victim, reason, context.Override);
            if (result == HubResult.NoSuchNick)
            {
                context.Numeric(Numerics.ERR_NOSUCHNICK, victim, "No such nick/channel");
            }
            else if (result == HubResult.TargetNotOnRoom)
            {
                context.Numeric(Numerics.ERR_USERNOTINCHANNEL, victim, name, "They aren't on that channel");
            }
            else if (!ReportRoomError(context, result, name))
            {
                return;
            }
        }
    }

    public static void Invite(IrcContext context)
    {
        var nick = context.Param(0);
        var name = context.Param(1);
        var (result, room, invitee) = context.Hub.Invite(context.Session, nick, name, context.Override);
        switch (result)
        {
            case HubResult.Ok:
                context.Numeric(Numerics.RPL_INVITING, invitee!.Who.Nick, room!.Name);
                if (invitee.AwayMessage is { } away)
                {
                    context.Numeric(Numerics.RPL_AWAY, invitee.Who.Nick, away);
                }

                break;
            case HubResult.NoSuchNick:
                context.Numeric(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
                break;
            case HubResult.TargetAlreadyOnRoom:
                context.Numeric(Numerics.ERR_USERONCHANNEL, nick, name, "is already on channel");
                break;
            default:
                ReportRoomError(context, result, name);
                break;
        }
    }

    public static void SendTopic(IrcContext context, Room room)
    {
        context.Numeric(Numerics.RPL_TOPIC, room.Name, room.Topic ?? "");
        if (room.TopicSetBy is { } by && room.TopicSetAt is { } at)
        {
            context.Numeric(Numerics.RPL_TOPICWHOTIME, room.Name, by, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>RPL_NAMREPLY lines of at most ~400 bytes, then RPL_ENDOFNAMES. '@' marks secret channels, '=' public ones.</summary>
    public static void SendNames(IrcContext context, Room room)
    {
        var session = context.Session;
        var symbol = room.IsSecret ? "@" : "=";
        var line = new System.Text.StringBuilder();
        foreach (var member in room.Memberships.OrderBy(m => m.JoinedAt))
        {
            var entry = Prefixes(member.Status, session.Has(IrcCaps.MultiPrefix))
                + (session.Has(IrcCaps.UserhostInNames) ? member.Session.Who.Prefix : member.Session.Who.Nick);
            if (line.Length > 0 && line.Length + entry.Length > 400)
            {
                context.Numeric(Numerics.RPL_NAMREPLY, symbol, room.Name, line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(entry);
        }

        if (line.Length > 0)
        {
            context.Numeric(Numerics.RPL_NAMREPLY, symbol, room.Name, line.ToString());
        }

        context.Numeric(Numerics.RPL_ENDOFNAMES, room.Name, "End of /NAMES list.");
    }

    /// <summary>The member's prefix: the highest only, or all of them with IRCv3 multi-prefix.</summary>
    public static string Prefixes(MemberStatus status, bool all)
    {
        var op = (status & MemberStatus.Operator) != 0;
        var voice = (status & MemberStatus.Voice) != 0;
        return all ? (op ? "@" : "") + (voice ? "+" : "") : op ? "@" : voice ? "+" : "";
    }

    /// <summary>Turns the hub's room refusals into numerics; false when the result was an error.</summary>
    public static bool ReportRoomError(IrcContext context, HubResult result, string name)
    {
        switch (result)
        {
            case HubResult.Ok or HubResult.Unchanged:
                return true;
            case HubResult.NoSuchRoom:
                context.Numeric(Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
                break;
            case HubResult.NotOnRoom:
                context.Numeric(Numerics.ERR_NOTONCHANNEL, name, "You're not on that channel");
                break;
            case HubResult.NeedRoomOperator:
                context.Numeric(Numerics.ERR_CHANOPRIVSNEEDED, name, "You're not channel operator");
                break;
            case HubResult.CannotSendToRoom:
                context.Numeric(Numerics.ERR_CANNOTSENDTOCHAN, name, "Cannot send to channel");
                break;
            default:
                context.Numeric(Numerics.ERR_UNKNOWNERROR, name, result.ToString());
                break;
        }

        return false;
    }
}
