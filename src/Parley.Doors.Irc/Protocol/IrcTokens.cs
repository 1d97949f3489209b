namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Protocol tokens as UTF-8 literals for rendering: the bytes live in the assembly's data section,
/// so writing a command costs a copy and never an encoding or an allocation.
/// </summary>
public static class IrcTokens
{
    public static ReadOnlySpan<byte> CrLf => "\r\n"u8;
    public static ReadOnlySpan<byte> SpaceColon => " :"u8;

    public static ReadOnlySpan<byte> Cap => "CAP"u8;
    public static ReadOnlySpan<byte> Authenticate => "AUTHENTICATE"u8;
    public static ReadOnlySpan<byte> Pass => "PASS"u8;
    public static ReadOnlySpan<byte> Nick => "NICK"u8;
    public static ReadOnlySpan<byte> User => "USER"u8;
    public static ReadOnlySpan<byte> Ping => "PING"u8;
    public static ReadOnlySpan<byte> Pong => "PONG"u8;
    public static ReadOnlySpan<byte> Quit => "QUIT"u8;
    public static ReadOnlySpan<byte> Error => "ERROR"u8;
    public static ReadOnlySpan<byte> Join => "JOIN"u8;
    public static ReadOnlySpan<byte> Part => "PART"u8;
    public static ReadOnlySpan<byte> Privmsg => "PRIVMSG"u8;
    public static ReadOnlySpan<byte> Notice => "NOTICE"u8;
    public static ReadOnlySpan<byte> Tagmsg => "TAGMSG"u8;
    public static ReadOnlySpan<byte> Topic => "TOPIC"u8;
    public static ReadOnlySpan<byte> Names => "NAMES"u8;
    public static ReadOnlySpan<byte> List => "LIST"u8;
    public static ReadOnlySpan<byte> Invite => "INVITE"u8;
    public static ReadOnlySpan<byte> Kick => "KICK"u8;
    public static ReadOnlySpan<byte> Mode => "MODE"u8;
    public static ReadOnlySpan<byte> Who => "WHO"u8;
    public static ReadOnlySpan<byte> Whois => "WHOIS"u8;
    public static ReadOnlySpan<byte> Whowas => "WHOWAS"u8;
    public static ReadOnlySpan<byte> Away => "AWAY"u8;
    public static ReadOnlySpan<byte> Kill => "KILL"u8;
    public static ReadOnlySpan<byte> Wallops => "WALLOPS"u8;
    public static ReadOnlySpan<byte> Batch => "BATCH"u8;
    public static ReadOnlySpan<byte> Setname => "SETNAME"u8;
    public static ReadOnlySpan<byte> Account => "ACCOUNT"u8;
    public static ReadOnlySpan<byte> Chghost => "CHGHOST"u8;

    // IRCv3 standard-replies: FAIL <command> <code> [<context>...] :<description>.
    public static ReadOnlySpan<byte> Fail => "FAIL"u8;
    public static ReadOnlySpan<byte> Warn => "WARN"u8;
    public static ReadOnlySpan<byte> Note => "NOTE"u8;

    // CAP subcommands (IRCv3 capability negotiation).
    public static ReadOnlySpan<byte> CapLs => "LS"u8;
    public static ReadOnlySpan<byte> CapList => "LIST"u8;
    public static ReadOnlySpan<byte> CapReq => "REQ"u8;
    public static ReadOnlySpan<byte> CapAck => "ACK"u8;
    public static ReadOnlySpan<byte> CapNak => "NAK"u8;
    public static ReadOnlySpan<byte> CapEnd => "END"u8;
    public static ReadOnlySpan<byte> CapNew => "NEW"u8;
    public static ReadOnlySpan<byte> CapDel => "DEL"u8;

    // Tags the server adds (IRCv3 server-time, message-ids, account-tag, batch, labeled-response).
    public static ReadOnlySpan<byte> TagTime => "time"u8;
    public static ReadOnlySpan<byte> TagMsgId => "msgid"u8;
    public static ReadOnlySpan<byte> TagAccount => "account"u8;
    public static ReadOnlySpan<byte> TagBatch => "batch"u8;
    public static ReadOnlySpan<byte> TagLabel => "label"u8;
}
