using System.Globalization;
using System.Runtime.CompilerServices;
using Parley.Core.Hubs;
using Parley.Core.Names;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>The welcome burst after registration: 001–004, ISUPPORT (005), LUSERS and the MOTD (Modern IRC "Connection Registration").</summary>
internal static class Welcome
{
    /// <summary>Parameter-taking modes one MODE command may carry (ISUPPORT MODES).</summary>
    public const int MaxModesPerCommand = 4;

    /// <summary>Targets one PRIVMSG/NOTICE may name (ISUPPORT TARGMAX).</summary>
    public const int MaxTargets = 4;

    // What the welcome says that never changes for a hub, made once per hub: every registration sends it, and a
    // reconnect storm is thousands of registrations a second (the hub's thread formatted a date and 18 tokens each).
    private static readonly ConditionalWeakTable<Hub, Texts> TextsByHub = [];

    private sealed record Texts(string YourHost, string Created, string[][] ISupportLines);

    public static void Send(IrcContext context)
    {
        var hub = context.Hub;
        var who = context.Session.Who;
        var texts = TextsOf(context);
        context.Numeric(Numerics.RPL_WELCOME, $"Welcome to the {hub.Options.NetworkName} IRC Network {who.Prefix}");
        context.Numeric(Numerics.RPL_YOURHOST, texts.YourHost);
        context.Numeric(Numerics.RPL_CREATED, texts.Created);
        // RPL_MYINFO: <servername> <version> <available user modes> <available channel modes> [<modes with a parameter>].
        context.Numeric(Numerics.RPL_MYINFO, context.Server, ServerQueries.VersionString, "BiO", "bciklmnostv", "bklov");
        SendISupport(context);
        ServerQueries.Lusers(context);
        ServerQueries.Motd(context);
    }

    /// <summary>Modern IRC: at most 13 tokens per RPL_ISUPPORT line (so the line keeps within 15 parameters).</summary>
    public static void SendISupport(IrcContext context)
    {
        foreach (var line in TextsOf(context).ISupportLines)
        {
            context.Numeric(Numerics.RPL_ISUPPORT, line);
        }
    }

    // A static factory: a lambda capturing the context would be allocated at every registration, cache hit or not.
    private static Texts TextsOf(IrcContext context) => TextsByHub.GetValue(context.Hub, MakeTexts);

    private static Texts MakeTexts(Hub hub)
    {
        var tokens = Tokens(hub);
        var lines = new List<string[]>();
        for (var i = 0; i < tokens.Count; i += 13)
        {
            lines.Add([.. tokens.Skip(i).Take(13), "are supported by this server"]);
        }

        return new Texts(
            $"Your host is {hub.Options.ServerName}, running version {ServerQueries.VersionString}",
            $"This server was created {hub.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}",
            [.. lines]);
    }

    public static List<string> Tokens(Hub hub)
    {
        var o = hub.Options;
        return
        [
            $"AWAYLEN={o.ReasonLength}",
            "BOT=B",
            $"CASEMAPPING={Casemapping.Name}",
            $"CHANLIMIT=#:{o.MaxRoomsPerUser}",
            "CHANMODES=b,k,l,imnst",
            $"CHANNELLEN={o.RoomNameLength}",
            "CHANTYPES=#",
            $"CHATHISTORY={o.MaxHistoryRequest}",
            "ELIST=",
            $"KICKLEN={o.ReasonLength}",
            $"MODES={MaxModesPerCommand}",
            "MSGREFTYPES=msgid,timestamp",
            $"NETWORK={o.NetworkName}",
            $"NICKLEN={o.NickLength}",
            "PREFIX=(ov)@+",
            $"TARGMAX=PRIVMSG:{MaxTargets},NOTICE:{MaxTargets},JOIN:,PART:,KICK:1,WHOIS:1,NAMES:1",
            $"TOPICLEN={o.TopicLength}",
            "UTF8ONLY",
        ];
    }
}
