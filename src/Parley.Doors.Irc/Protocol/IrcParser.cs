using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Parses one complete IRC line (its LF already removed) into an <see cref="IrcMessage"/>.
/// Framing bytes into lines, including oversized ones, is <see cref="IrcLineReader"/>'s job.
/// Never throws on any input: every defect comes back as an <see cref="IrcParseError"/>.
/// </summary>
public static class IrcParser
{
    /// <summary>
    /// RFC 2812 §2.3: "a maximum of fifteen (15)" parameters; the grammar's
    /// <c>14( SPACE middle ) [ SPACE [ ":" ] trailing ]</c> makes the 15th take the rest of the line.
    /// </summary>
    public const int MaxParameters = 15;

    // RFC 2812 §2.3.1: NUL, CR and LF may not appear inside a message (the LF was cut by the framer).
    private static readonly SearchValues<byte> Forbidden = SearchValues.Create([0, (byte)'\r']);

    // IRCv3 message-tags grammar: <key_name> ::= letters, digits, hyphen; <vendor> ::= host name
    // (letters, digits, hyphen, dot) followed by '/'. The '+' client prefix is checked separately.
    private static readonly SearchValues<byte> TagKeyBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-./"u8);

    /// <summary>Parses a line without its LF (a trailing CR is allowed and removed).</summary>
    /// <param name="line">The bytes of one line.</param>
    /// <param name="limits">Size caps; <see cref="IrcLimits.Default"/> when null.</param>
    /// <param name="message">
    /// The message when the result is <see cref="IrcParseError.None"/>, and also for
    /// <see cref="IrcParseError.InvalidUtf8"/> (lossily decoded, for the error reply only).
    /// </param>
    public static IrcParseError Parse(ReadOnlySpan<byte> line, IrcLimits? limits, out IrcMessage? message)
    {
        message = null;
        limits ??= IrcLimits.Default;

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1]; // CRLF is the RFC ending; bare LF is what many clients send
        }

        line = line.TrimStart((byte)' ');
        if (line.IsEmpty)
        {
            return IrcParseError.EmptyLine;
        }

        // Sizes first, so nothing below works on an oversized line.
        var body = line;
        var tagBytes = ReadOnlySpan<byte>.Empty;
        if (line[0] == (byte)'@')
        {
            var space = line.IndexOf((byte)' ');
            if (space < 0)
            {
                return line.Length >= limits.MaxTagSectionBytes ? IrcParseError.TagsTooLong : IrcParseError.NoCommand;
            }

            if (space + 1 > limits.MaxTagSectionBytes)
            {
                return IrcParseError.TagsTooLong;
            }

            tagBytes = line[1..space];
            body = line[(space + 1)..];
        }

        if (body.Length > limits.MaxBodyBytes)
        {
            return IrcParseError.LineTooLong;
        }

        if (line.ContainsAny(Forbidden))
        {
            return IrcParseError.ForbiddenCharacter;
        }

        // One vectorized pass validates every string we are about to decode.
        var validUtf8 = Utf8.IsValid(line);

        var tags = Array.Empty<IrcTag>();
        if (!tagBytes.IsEmpty && !TryParseTags(tagBytes, out tags))
        {
            return IrcParseError.MalformedTags;
        }

        var rest = body.TrimStart((byte)' ');
        string? source = null;
        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            var space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                return IrcParseError.NoCommand; // ":nick" alone, or a bare ':'
            }

            if (space == 1)
            {
                return IrcParseError.MalformedSource;
            }

            source = Encoding.UTF8.GetString(rest[1..space]);
            rest = rest[(space + 1)..].TrimStart((byte)' ');
        }

        var commandEnd = rest.IndexOf((byte)' ');
        var command = commandEnd < 0 ? rest : rest[..commandEnd];
        if (command.IsEmpty)
        {
            return IrcParseError.NoCommand;
        }

        if (!IsValidCommand(command))
        {
            return IrcParseError.InvalidCommand;
        }

        rest = commandEnd < 0 ? [] : rest[commandEnd..];
        var parameters = ParseParameters(rest);
        message = new IrcMessage(tags, source, IrcCommands.Normalize(command), parameters);
        return validUtf8 ? IrcParseError.None : IrcParseError.InvalidUtf8;
    }

    /// <summary>
    /// Stateless framing over one contiguous buffer: finds the first LF, parses the line before it
    /// and reports in <paramref name="consumed"/> how many bytes (LF included) the caller may drop.
    /// Empty lines are consumed silently. When no LF is present and the bytes already exceed the
    /// limits, the result is <see cref="OperationStatus.InvalidData"/> with everything consumed and
    /// <paramref name="discardUntilNewline"/> set: the caller must drop input up to the next LF
    /// (<see cref="IrcLineReader"/> does this bookkeeping across reads for a connection).
    /// </summary>
    public static OperationStatus TryParseLine(
        ReadOnlySpan<byte> buffer,
        IrcLimits? limits,
        out int consumed,
        out IrcMessage? message,
        out IrcParseError error,
        out bool discardUntilNewline)
    {
        limits ??= IrcLimits.Default;
        consumed = 0;
        message = null;
        error = IrcParseError.None;
        discardUntilNewline = false;
        while (true)
        {
            var rest = buffer[consumed..];
            var window = rest.Length <= limits.MaxLineBytes ? rest : rest[..limits.MaxLineBytes];
            var newline = window.IndexOf((byte)'\n');
            if (newline < 0)
            {
                error = OversizedPrefix(rest, limits);
                if (error == IrcParseError.None)
                {
                    return OperationStatus.NeedMoreData;
                }

                consumed = buffer.Length;
                discardUntilNewline = true;
                return OperationStatus.InvalidData;
            }

            consumed += newline + 1;
            error = Parse(rest[..newline], limits, out message);
            if (error == IrcParseError.EmptyLine)
            {
                error = IrcParseError.None;
                continue;
            }

            return error == IrcParseError.None ? OperationStatus.Done : OperationStatus.InvalidData;
        }
    }

    /// <summary>
    /// Whether an unterminated line is already too long, judged as early as possible: a plain line
    /// over 510 bytes (+ a CR that may precede the LF) is known bad without waiting for the 8 KiB a
    /// tagged line may use.
    /// </summary>
    internal static IrcParseError OversizedPrefix(ReadOnlySpan<byte> pending, IrcLimits limits)
    {
        if (pending.IsEmpty)
        {
            return IrcParseError.None;
        }

        var bodyStart = 0;
        if (pending[0] == (byte)'@')
        {
            var maxTags = limits.MaxTagSectionBytes;
            var space = (pending.Length <= maxTags ? pending : pending[..maxTags]).IndexOf((byte)' ');
            if (space < 0)
            {
                return pending.Length >= maxTags ? IrcParseError.TagsTooLong : IrcParseError.None;
            }

            bodyStart = space + 1;
        }

        return pending.Length - bodyStart > limits.MaxBodyBytes + 1 ? IrcParseError.LineTooLong : IrcParseError.None;
    }

    /// <summary>Parses a line given as text (tests, tools); encodes it to UTF-8 first.</summary>
    public static IrcParseError Parse(string line, out IrcMessage? message) =>
        Parse(Encoding.UTF8.GetBytes(line), null, out message);

    // RFC 2812 §2.3.1: command = 1*letter / 3digit.
    private static bool IsValidCommand(ReadOnlySpan<byte> command)
    {
        if (command.Length == 3 && char.IsAsciiDigit((char)command[0]))
        {
            return char.IsAsciiDigit((char)command[1]) && char.IsAsciiDigit((char)command[2]);
        }

        foreach (var b in command)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] ParseParameters(ReadOnlySpan<byte> rest)
    {
        // Slices first, strings after: the array is then exactly sized and nothing is re-copied.
        Span<Range> ranges = stackalloc Range[MaxParameters];
        var count = 0;
        var offset = 0;
        while (offset < rest.Length)
        {
            // Modern IRC allows several spaces between parameters; skip the run.
            while (offset < rest.Length && rest[offset] == (byte)' ')
            {
                offset++;
            }

            if (offset == rest.Length)
            {
                break;
            }

            if (rest[offset] == (byte)':' || count == MaxParameters - 1)
            {
                // Trailing: everything to the end, spaces and colons included. For the 15th
                // parameter the ':' is optional (RFC 2812 grammar), so strip it only if present.
                var start = rest[offset] == (byte)':' ? offset + 1 : offset;
                ranges[count++] = new Range(start, rest.Length);
                break;
            }

            var end = rest[offset..].IndexOf((byte)' ');
            end = end < 0 ? rest.Length : offset + end;
            ranges[count++] = new Range(offset, end);
            offset = end;
        }

        if (count == 0)
        {
            return [];
        }

        var parameters = new string[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = rest[ranges[i]];
            parameters[i] = bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
        }

        return parameters;
    }

    private static bool TryParseTags(ReadOnlySpan<byte> section, out IrcTag[] tags)
    {
        tags = [];
        var count = section.Count((byte)';') + 1;
        var result = new IrcTag[count];
        var n = 0;
        foreach (var range in section.Split((byte)';'))
        {
            var tag = section[range];
            if (tag.IsEmpty)
            {
                continue; // tolerate "a;;b" and a trailing ';' as some clients send them
            }

            var equals = tag.IndexOf((byte)'=');
            var key = equals < 0 ? tag : tag[..equals];
            var name = !key.IsEmpty && key[0] == (byte)'+' ? key[1..] : key;
            if (name.IsEmpty || name.ContainsAnyExcept(TagKeyBytes))
            {
                return false;
            }

            var value = equals < 0 ? string.Empty : IrcTagEscaping.Unescape(tag[(equals + 1)..]);
            result[n++] = new IrcTag(Encoding.ASCII.GetString(key), value);
        }

        tags = n == result.Length ? result : result[..n];
        return true;
    }
}
