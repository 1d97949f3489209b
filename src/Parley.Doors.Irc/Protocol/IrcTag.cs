namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// One IRCv3 message tag, value already unescaped. IRCv3 message-tags: "Implementations MUST
/// interpret empty tag values (e.g. foo=) as equivalent to missing tag values (e.g. foo)", so a
/// missing value is the empty string and the serializer writes such a tag without '='.
/// </summary>
public readonly record struct IrcTag(string Key, string Value)
{
    /// <summary>Client-only tags start with '+' and are relayed between clients (TAGMSG, PRIVMSG).</summary>
    public bool IsClientOnly => Key.Length > 0 && Key[0] == '+';
}
