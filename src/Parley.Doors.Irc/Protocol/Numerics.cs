using System.Diagnostics.CodeAnalysis;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Numeric replies from RFC 1459, RFC 2812, the ircdocs "Modern IRC Client Protocol" document and
/// the IRCv3 specs (SASL, standard-replies). Names follow the documents exactly so a grep for
/// "RPL_WHOISUSER" finds both the spec and the code. The first parameter of every numeric is the
/// target client's nick ("*" before registration), per Modern IRC "Numerics".
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec names.")]
public static class Numerics
{
    // Registration (Modern IRC "Connection Registration").
    public const string RPL_WELCOME = "001";
    public const string RPL_YOURHOST = "002";
    public const string RPL_CREATED = "003";
    public const string RPL_MYINFO = "004";
    public const string RPL_ISUPPORT = "005";
    public const string RPL_BOUNCE = "010";

    // User modes, LUSERS, ADMIN.
    public const string RPL_UMODEIS = "221";
    public const string RPL_LUSERCLIENT = "251";
    public const string RPL_LUSEROP = "252";
    public const string RPL_LUSERUNKNOWN = "253";
    public const string RPL_LUSERCHANNELS = "254";
    public const string RPL_LUSERME = "255";
    public const string RPL_ADMINME = "256";
    public const string RPL_ADMINLOC1 = "257";
    public const string RPL_ADMINLOC2 = "258";
    public const string RPL_ADMINEMAIL = "259";
    public const string RPL_TRYAGAIN = "263";
    public const string RPL_LOCALUSERS = "265";
    public const string RPL_GLOBALUSERS = "266";
    public const string RPL_WHOISCERTFP = "276";

    // AWAY, USERHOST, ISON.
    public const string RPL_NONE = "300";
    public const string RPL_AWAY = "301";
    public const string RPL_USERHOST = "302";
    public const string RPL_ISON = "303";
    public const string RPL_UNAWAY = "305";
    public const string RPL_NOWAWAY = "306";

    // WHOIS / WHOWAS / WHO.
    public const string RPL_WHOISREGNICK = "307";
    public const string RPL_WHOISUSER = "311";
    public const string RPL_WHOISSERVER = "312";
    public const string RPL_WHOISOPERATOR = "313";
    public const string RPL_WHOWASUSER = "314";
    public const string RPL_ENDOFWHO = "315";
    public const string RPL_WHOISIDLE = "317";
    public const string RPL_ENDOFWHOIS = "318";
    public const string RPL_WHOISCHANNELS = "319";
    public const string RPL_WHOISSPECIAL = "320";
    public const string RPL_WHOISACCOUNT = "330";
    public const string RPL_WHOISACTUALLY = "338";
    public const string RPL_WHOREPLY = "352";
    public const string RPL_WHOSPCRPL = "354";
    public const string RPL_ENDOFWHOWAS = "369";
    public const string RPL_WHOISHOST = "378";
    public const string RPL_WHOISMODES = "379";
    public const string RPL_WHOISSECURE = "671";

    // LIST, channel modes, TOPIC, INVITE.
    public const string RPL_LISTSTART = "321";
    public const string RPL_LIST = "322";
    public const string RPL_LISTEND = "323";
    public const string RPL_CHANNELMODEIS = "324";
    public const string RPL_CREATIONTIME = "329";
    public const string RPL_NOTOPIC = "331";
    public const string RPL_TOPIC = "332";
    public const string RPL_TOPICWHOTIME = "333";
    public const string RPL_INVITELIST = "336";
    public const string RPL_ENDOFINVITELIST = "337";
    public const string RPL_INVITING = "341";
    public const string RPL_INVEXLIST = "346";
    public const string RPL_ENDOFINVEXLIST = "347";
    public const string RPL_EXCEPTLIST = "348";
    public const string RPL_ENDOFEXCEPTLIST = "349";

    // NAMES, ban list.
    public const string RPL_NAMREPLY = "353";
    public const string RPL_ENDOFNAMES = "366";
    public const string RPL_BANLIST = "367";
    public const string RPL_ENDOFBANLIST = "368";

    // Server queries: VERSION, LINKS, INFO, MOTD, OPER, TIME, HELP.
    public const string RPL_VERSION = "351";
    public const string RPL_LINKS = "364";
    public const string RPL_ENDOFLINKS = "365";
    public const string RPL_INFO = "371";
    public const string RPL_MOTD = "372";
    public const string RPL_ENDOFINFO = "374";
    public const string RPL_MOTDSTART = "375";
    public const string RPL_ENDOFMOTD = "376";
    public const string RPL_YOUREOPER = "381";
    public const string RPL_REHASHING = "382";
    public const string RPL_TIME = "391";
    public const string RPL_HELPSTART = "704";
    public const string RPL_HELPTXT = "705";
    public const string RPL_ENDOFHELP = "706";

    // Errors.
    public const string ERR_UNKNOWNERROR = "400";
    public const string ERR_NOSUCHNICK = "401";
    public const string ERR_NOSUCHSERVER = "402";
    public const string ERR_NOSUCHCHANNEL = "403";
    public const string ERR_CANNOTSENDTOCHAN = "404";
    public const string ERR_TOOMANYCHANNELS = "405";
    public const string ERR_WASNOSUCHNICK = "406";
    public const string ERR_NOORIGIN = "409";
    public const string ERR_NORECIPIENT = "411";
    public const string ERR_NOTEXTTOSEND = "412";

    /// <summary>Modern IRC: the line broke the size limits (512 body, 4094/8191 tags).</summary>
    public const string ERR_INPUTTOOLONG = "417";
    public const string ERR_UNKNOWNCOMMAND = "421";
    public const string ERR_NOMOTD = "422";
    public const string ERR_NONICKNAMEGIVEN = "431";
    public const string ERR_ERRONEUSNICKNAME = "432";
    public const string ERR_NICKNAMEINUSE = "433";
    public const string ERR_NICKCOLLISION = "436";
    public const string ERR_USERNOTINCHANNEL = "441";
    public const string ERR_NOTONCHANNEL = "442";
    public const string ERR_USERONCHANNEL = "443";
    public const string ERR_NOTREGISTERED = "451";
    public const string ERR_NEEDMOREPARAMS = "461";
    public const string ERR_ALREADYREGISTERED = "462";
    public const string ERR_PASSWDMISMATCH = "464";
    public const string ERR_YOUREBANNEDCREEP = "465";
    public const string ERR_KEYSET = "467";
    public const string ERR_CHANNELISFULL = "471";
    public const string ERR_UNKNOWNMODE = "472";
    public const string ERR_INVITEONLYCHAN = "473";
    public const string ERR_BANNEDFROMCHAN = "474";
    public const string ERR_BADCHANNELKEY = "475";
    public const string ERR_BADCHANMASK = "476";

    /// <summary>RFC 2812 ERR_NOCHANMODES; many servers reuse 477 as "you need a registered nick" (ERR_NEEDREGGEDNICK).</summary>
    public const string ERR_NOCHANMODES = "477";
    public const string ERR_BANLISTFULL = "478";
    public const string ERR_NOPRIVILEGES = "481";
    public const string ERR_CHANOPRIVSNEEDED = "482";
    public const string ERR_CANTKILLSERVER = "483";
    public const string ERR_NOOPERHOST = "491";
    public const string ERR_UMODEUNKNOWNFLAG = "501";
    public const string ERR_USERSDONTMATCH = "502";
    public const string ERR_HELPNOTFOUND = "524";
    public const string ERR_INVALIDKEY = "525";
    public const string ERR_INVALIDMODEPARAM = "696";
    public const string ERR_NOPRIVS = "723";

    // SASL (IRCv3 sasl-3.1).
    public const string RPL_LOGGEDIN = "900";
    public const string RPL_LOGGEDOUT = "901";
    public const string ERR_NICKLOCKED = "902";
    public const string RPL_SASLSUCCESS = "903";
    public const string ERR_SASLFAIL = "904";
    public const string ERR_SASLTOOLONG = "905";
    public const string ERR_SASLABORTED = "906";
    public const string ERR_SASLALREADY = "907";
    public const string RPL_SASLMECHS = "908";

    // IRCv3 standard-replies: not numerics but the same role, with machine-readable codes.
    public const string FAIL = IrcCommands.Fail;
    public const string WARN = IrcCommands.Warn;
    public const string NOTE = IrcCommands.Note;
}
