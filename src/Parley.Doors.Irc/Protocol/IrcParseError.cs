namespace Parley.Doors.Irc.Protocol;

/// <summary>Why a line was not turned into a message. Each maps to a distinct reply of the door.</summary>
public enum IrcParseError
{
    /// <summary>The line parsed.</summary>
    None = 0,

    /// <summary>Empty or spaces only; Modern IRC: "empty messages ... SHOULD be silently ignored".</summary>
    EmptyLine,

    /// <summary>The part after the tags exceeds the body limit (reply ERR_INPUTTOOLONG 417).</summary>
    LineTooLong,

    /// <summary>The tag section exceeds its limit (reply ERR_INPUTTOOLONG 417).</summary>
    TagsTooLong,

    /// <summary>
    /// The bytes are not UTF-8 (often latin-1). The message is still parsed with U+FFFD in place of
    /// the bad bytes so the door can name the command in its reply; it must not be relayed.
    /// </summary>
    InvalidUtf8,

    /// <summary>NUL, or CR anywhere but before the LF; RFC 2812 §2.3.1 excludes NUL, CR and LF from messages.</summary>
    ForbiddenCharacter,

    /// <summary>Tags or a source but no command (includes a bare ':').</summary>
    NoCommand,

    /// <summary>The command is neither letters nor exactly three digits (RFC 2812 §2.3.1).</summary>
    InvalidCommand,

    /// <summary>':' not followed by a source.</summary>
    MalformedSource,

    /// <summary>A tag key with characters outside the message-tags grammar, or an empty key.</summary>
    MalformedTags,
}
