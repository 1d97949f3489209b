using System.Globalization;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>Questions about the server (RFC 2812 §3.4): MOTD, LUSERS, VERSION, TIME, ADMIN, INFO, LINKS.</summary>
internal static class ServerQueries
{
    public static string VersionString { get; } = "parley-" + (typeof(ServerQueries).Assembly.GetName().Version?.ToString(3) ?? "0");

    public static void Motd(IrcContext context)
    {
        var lines = context.Session.Door.Options.MotdLines;
        if (lines.Count == 0)
        {
            context.Numeric(Numerics.ERR_NOMOTD, "MOTD File is missing");
            return;
        }

        context.Numeric(Numerics.RPL_MOTDSTART, $"- {context.Server} Message of the day - ");
        foreach (var line in lines)
        {
            context.Numeric(Numerics.RPL_MOTD, "- " + line);
        }

        context.Numeric(Numerics.RPL_ENDOFMOTD, "End of /MOTD command.");
    }

    public static void Lusers(IrcContext context)
    {
        var hub = context.Hub;
        var users = hub.UserCount;
        var invisible = hub.InvisibleCount;
        var operators = hub.OperatorCount;
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        context.Numeric(Numerics.RPL_LUSERCLIENT, $"There are {users - invisible} users and {invisible} invisible on 1 servers");
        context.Numeric(Numerics.RPL_LUSEROP, N(operators), "operator(s) online");
        context.Numeric(Numerics.RPL_LUSERUNKNOWN, "0", "unknown connection(s)");
        context.Numeric(Numerics.RPL_LUSERCHANNELS, N(hub.RoomCount), "channels formed");
        context.Numeric(Numerics.RPL_LUSERME, $"I have {users} clients and 0 servers");
        context.Numeric(Numerics.RPL_LOCALUSERS, N(users), N(hub.MaxUserCount), $"Current local users {users}, max {hub.MaxUserCount}");
        context.Numeric(Numerics.RPL_GLOBALUSERS, N(users), N(hub.MaxUserCount), $"Current global users {users}, max {hub.MaxUserCount}");
    }

    public static void Version(IrcContext context)
    {
        if (!IsThisServer(context))
        {
            return;
        }

        context.Numeric(Numerics.RPL_VERSION, VersionString, context.Server, "Parley chat server");
        Welcome.SendISupport(context);
    }

    public static void Time(IrcContext context)
    {
        if (IsThisServer(context))
        {
            context.Numeric(Numerics.RPL_TIME, context.Server, context.Hub.Now.UtcDateTime.ToString("dddd MMMM dd yyyy -- HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        }
    }

    public static void Admin(IrcContext context)
    {
        if (!IsThisServer(context))
        {
            return;
        }

        context.Numeric(Numerics.RPL_ADMINME, context.Server, "Administrative info");
        context.Numeric(Numerics.RPL_ADMINLOC1, context.Hub.Options.NetworkName);
        context.Numeric(Numerics.RPL_ADMINLOC2, "Parley chat server");
        context.Numeric(Numerics.RPL_ADMINEMAIL, "admin@" + context.Server);
    }

    public static void Info(IrcContext context)
    {
        if (!IsThisServer(context))
        {
            return;
        }

        context.Numeric(Numerics.RPL_INFO, $"{VersionString}: one process, one hub, line and IRC doors sharing rooms.");
        context.Numeric(Numerics.RPL_INFO, $"Up since {context.Hub.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}.");
        context.Numeric(Numerics.RPL_ENDOFINFO, "End of INFO list");
    }

    /// <summary>A single server: LINKS lists itself (RFC 2812 §3.4.5, hop count 0).</summary>
    public static void Links(IrcContext context)
    {
        context.Numeric(Numerics.RPL_LINKS, context.Server, context.Server, "0 Parley");
        context.Numeric(Numerics.RPL_ENDOFLINKS, context.ParamCount > 0 ? context.Param(context.ParamCount - 1) : "*", "End of /LINKS list.");
    }

    /// <summary>Queries may name a server; on a single server any other name is ERR_NOSUCHSERVER.</summary>
    private static bool IsThisServer(IrcContext context)
    {
        if (context.ParamCount == 0 || Parley.Core.Names.Wildcard.IsMatch(context.Param(0), context.Server)
            || context.Hub.FindUser(context.Param(0)) is not null)
        {
            return true;
        }

        context.Numeric(Numerics.ERR_NOSUCHSERVER, context.Param(0), "No such server");
        return false;
    }
}
