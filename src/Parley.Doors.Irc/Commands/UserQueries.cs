using System.Globalization;
using Parley.Core.Events;
using Parley.Core.Names;
using Parley.Core.Sessions;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>Questions about users and the user's own state (RFC 2812 §3.6, §4): WHO, WHOIS, WHOWAS, ISON, USERHOST, AWAY, SETNAME.</summary>
internal static class UserQueries
{
    public static void Who(IrcContext context)
    {
        var mask = context.ParamCount > 0 ? context.Param(0) : "*";
        var hub = context.Hub;
        if (mask.StartsWith('#'))
        {
            var room = hub.FindRoom(mask);
            if (room is not null && (!room.IsSecret || room.MembershipOf(context.Session) is not null))
            {
                foreach (var member in room.Memberships)
                {
                    WhoReply(context, room.Name, member.Session, ChannelCommands.Prefixes(member.Status, context.Session.Has(IrcCaps.MultiPrefix)));
                }
            }
        }
        else
        {
            var shared = context.Session.Rooms.SelectMany(r => r.Memberships).Select(m => m.Session).ToHashSet();
            foreach (var user in hub.Users)
            {
                var visible = !user.IsInvisible || shared.Contains(user) || ReferenceEquals(user, context.Session);
                if (visible && (Wildcard.IsMatch(mask, user.Who.Nick) || Wildcard.IsMatch(mask, user.Who.Host)))
                {
                    WhoReply(context, user.Rooms.FirstOrDefault(r => !r.IsSecret)?.Name ?? "*", user, "");
                }
            }
        }

        context.Numeric(Numerics.RPL_ENDOFWHO, mask, "End of WHO list");
    }

    public static void Whois(IrcContext context)
    {
        // WHOIS [server] nick: the last parameter is the nick.
        var nick = context.Param(context.ParamCount - 1).Split(',')[0];
        var user = context.Hub.FindUser(nick);
        if (user is null)
        {
            context.Numeric(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            context.Numeric(Numerics.RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
            return;
        }

        var who = user.Who;
        context.Numeric(Numerics.RPL_WHOISUSER, who.Nick, who.User, who.Host, "*", who.RealName);
        var rooms = user.Rooms
            .Where(r => !r.IsSecret || r.MembershipOf(context.Session) is not null)
            .Select(r => ChannelCommands.Prefixes(r.MembershipOf(user)!.Status, false) + r.Name)
            .ToList();
        if (rooms.Count > 0)
        {
            context.Numeric(Numerics.RPL_WHOISCHANNELS, who.Nick, string.Join(' ', rooms));
        }

        context.Numeric(Numerics.RPL_WHOISSERVER, who.Nick, context.Server, context.Hub.Options.NetworkName);
        if (user.IsServerOperator)
        {
            context.Numeric(Numerics.RPL_WHOISOPERATOR, who.Nick, "is an IRC operator");
        }

        if (who.IsBot)
        {
            // IRCv3 bot-mode: RPL_WHOISBOT (335).
            context.Numeric("335", who.Nick, "is a bot");
        }

        if (who.Account is { } account)
        {
            context.Numeric(Numerics.RPL_WHOISACCOUNT, who.Nick, account, "is logged in as");
        }

        if (user.AwayMessage is { } away)
        {
            context.Numeric(Numerics.RPL_AWAY, who.Nick, away);
        }

        var idle = (long)(context.Hub.Now - user.LastActivity).TotalSeconds;
        context.Numeric(Numerics.RPL_WHOISIDLE, who.Nick, idle.ToString(CultureInfo.InvariantCulture),
            user.ConnectedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "seconds idle, signon time");
        context.Numeric(Numerics.RPL_ENDOFWHOIS, who.Nick, "End of /WHOIS list");
    }

    public static void Whowas(IrcContext context)
    {
        var nick = context.Param(0);
        var count = context.ParamCount > 1 && int.TryParse(context.Param(1), out var n) && n > 0 ? n : int.MaxValue;
        var found = false;
        foreach (var (who, until) in context.Hub.Whowas.Find(nick).Take(count))
        {
            found = true;
            context.Numeric(Numerics.RPL_WHOWASUSER, who.Nick, who.User, who.Host, "*", who.RealName);
            context.Numeric(Numerics.RPL_WHOISSERVER, who.Nick, context.Server, until.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
        }

        if (!found)
        {
            context.Numeric(Numerics.ERR_WASNOSUCHNICK, nick, "There was no such nickname");
        }

        context.Numeric(Numerics.RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
    }

    public static void Ison(IrcContext context)
    {
        var present = context.Message.Parameters
            .SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(n => context.Hub.FindUser(n)?.Who.Nick)
            .Where(n => n is not null);
        context.Numeric(Numerics.RPL_ISON, string.Join(' ', present));
    }

    /// <summary>RFC 2812 §4.8: up to 5 nicks; <c>nick[*]=(+|-)user@host</c> ('*' operator, '-' away).</summary>
    public static void Userhost(IrcContext context)
    {
        var replies = context.Message.Parameters.Take(5)
            .Select(n => context.Hub.FindUser(n))
            .Where(u => u is not null)
            .Select(u => $"{u!.Who.Nick}{(u.IsServerOperator ? "*" : "")}={(u.AwayMessage is null ? '+' : '-')}{u.Who.User}@{u.Who.Host}");
        context.Numeric(Numerics.RPL_USERHOST, string.Join(' ', replies));
    }

    public static void Away(IrcContext context)
    {
        var message = context.ParamCount > 0 && context.Param(0).Length > 0 ? context.Param(0) : null;
        context.Hub.SetAway(context.Session, message);
        if (message is null)
        {
            context.Numeric(Numerics.RPL_UNAWAY, "You are no longer marked as being away");
        }
        else
        {
            context.Numeric(Numerics.RPL_NOWAWAY, "You have been marked as being away");
        }
    }

    /// <summary>IRCv3 setname: the change goes to everyone who shares a room and to the client itself (when it has the cap).</summary>
    public static void Setname(IrcContext context)
    {
        var realName = TextRules.TruncateUtf8(TextRules.StripControls(context.Param(0)), 100);
        if (realName.Length == 0)
        {
            context.Reply(null, Numerics.FAIL, IrcCommands.Setname, "INVALID_REALNAME", "Realname is not valid");
            return;
        }

        var who = context.Session.Who.WithRealName(realName);
        context.Hub.UpdateIdentity(context.Session, who, new SetNameEvent(context.Hub.Now, who));
    }

    /// <summary>RPL_WHOREPLY: <c>&lt;channel&gt; &lt;user&gt; &lt;host&gt; &lt;server&gt; &lt;nick&gt; &lt;H|G&gt;[*][@|+] :&lt;hopcount&gt; &lt;realname&gt;</c>.</summary>
    private static void WhoReply(IrcContext context, string channel, Session user, string prefix)
    {
        var who = user.Who;
        var flags = (user.AwayMessage is null ? "H" : "G") + (user.IsServerOperator ? "*" : "") + (who.IsBot ? "B" : "") + prefix;
        context.Numeric(Numerics.RPL_WHOREPLY, channel, who.User, who.Host, context.Server, who.Nick, flags, "0 " + who.RealName);
    }
}
