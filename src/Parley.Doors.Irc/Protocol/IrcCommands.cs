using System.Collections.Frozen;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Command names as strings, for dispatching parsed messages (a <c>switch</c> on
/// <see cref="IrcMessage.Command"/>). The parser hands out these very instances for known
/// commands, so recognising a command allocates nothing.
/// </summary>
public static class IrcCommands
{
    public const string Cap = "CAP";
    public const string Authenticate = "AUTHENTICATE";
    public const string Pass = "PASS";
    public const string Nick = "NICK";
    public const string User = "USER";
    public const string Ping = "PING";
    public const string Pong = "PONG";
    public const string Quit = "QUIT";
    public const string Error = "ERROR";
    public const string Join = "JOIN";
    public const string Part = "PART";
    public const string Privmsg = "PRIVMSG";
    public const string Notice = "NOTICE";
    public const string Tagmsg = "TAGMSG";
    public const string Topic = "TOPIC";
    public const string Names = "NAMES";
    public const string List = "LIST";
    public const string Invite = "INVITE";
    public const string Kick = "KICK";
    public const string Mode = "MODE";
    public const string Who = "WHO";
    public const string Whois = "WHOIS";
    public const string Whowas = "WHOWAS";
    public const string Away = "AWAY";
    public const string Motd = "MOTD";
    public const string Lusers = "LUSERS";
    public const string Version = "VERSION";
    public const string Time = "TIME";
    public const string Admin = "ADMIN";
    public const string Info = "INFO";
    public const string Links = "LINKS";
    public const string Ison = "ISON";
    public const string Userhost = "USERHOST";
    public const string Oper = "OPER";
    public const string Kill = "KILL";
    public const string Wallops = "WALLOPS";
    public const string Help = "HELP";
    public const string Stats = "STATS";
    public const string Rehash = "REHASH";
    public const string Chathistory = "CHATHISTORY";
    public const string Batch = "BATCH";
    public const string Setname = "SETNAME";
    public const string Account = "ACCOUNT";
    public const string Chghost = "CHGHOST";
    public const string Monitor = "MONITOR";
    public const string Webirc = "WEBIRC";
    public const string Fail = "FAIL";
    public const string Warn = "WARN";
    public const string Note = "NOTE";

    private static readonly FrozenDictionary<string, string> Known = new[]
    {
        Cap, Authenticate, Pass, Nick, User, Ping, Pong, Quit, Error, Join, Part, Privmsg, Notice,
        Tagmsg, Topic, Names, List, Invite, Kick, Mode, Who, Whois, Whowas, Away, Motd, Lusers,
        Version, Time, Admin, Info, Links, Ison, Userhost, Oper, Kill, Wallops, Help, Stats, Rehash,
        Chathistory, Batch, Setname, Account, Chghost, Monitor, Webirc, Fail, Warn, Note,
    }.ToFrozenDictionary(c => c, c => c, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Longest known command; anything longer cannot be one and skips the lookup.</summary>
    private const int MaxKnownLength = 12;

    /// <summary>
    /// The upper-case name of an ASCII command (already validated as letters or digits).
    /// RFC 2812 §2.3: commands are case-insensitive, so "privmsg" and "PRIVMSG" are one command.
    /// </summary>
    internal static string Normalize(ReadOnlySpan<byte> asciiCommand)
    {
        // Commands are short; the body limit bounds the rare long one, which then takes the heap.
        var upper = asciiCommand.Length <= 64 ? stackalloc char[64] : new char[asciiCommand.Length];
        upper = upper[..asciiCommand.Length];
        for (var i = 0; i < asciiCommand.Length; i++)
        {
            var b = asciiCommand[i];
            upper[i] = (char)(b is >= (byte)'a' and <= (byte)'z' ? b - 32 : b);
        }

        return upper.Length <= MaxKnownLength && KnownBySpan.TryGetValue(upper, out var known) ? known : new string(upper);
    }
}
