namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Hard caps on one inbound IRC line. Both parts are measured separately, as the specs do,
/// so a client with many tags cannot eat into the room left for the message itself.
/// </summary>
public sealed record IrcLimits
{
    /// <summary>
    /// RFC 1459 §2.3 / RFC 2812 §2.3: "IRC messages ... SHALL NOT exceed 512 characters in length,
    /// counting all characters including the trailing CR-LF", which leaves 510 bytes for the
    /// source, command and parameters. We count 510 whether the line ended in CRLF or bare LF.
    /// </summary>
    public const int RfcBodyBytes = 510;

    /// <summary>
    /// IRCv3 message-tags: "The size limit for message tags is 8191 bytes, including the leading
    /// '@' (0x40) and trailing space ' ' (0x20) characters" (4094 client tag data + 4094 server
    /// tag data + '@' + ' ' + the ';' between them).
    /// </summary>
    public const int IrcV3TagSectionBytes = 8191;

    /// <summary>The safe defaults from the specs.</summary>
    public static IrcLimits Default { get; } = new();

    /// <summary>Maximum bytes after the tag section, excluding the line ending.</summary>
    public int MaxBodyBytes { get; init; } = RfcBodyBytes;

    /// <summary>Maximum bytes of the tag section, including '@' and the space that ends it.</summary>
    public int MaxTagSectionBytes { get; init; } = IrcV3TagSectionBytes;

    /// <summary>
    /// The longest line that can still be valid: tag section, body, CR and LF. A buffer holding
    /// this many bytes without a LF is certainly oversized, so a search never needs to look further.
    /// </summary>
    public int MaxLineBytes => MaxTagSectionBytes + MaxBodyBytes + 2;
}
