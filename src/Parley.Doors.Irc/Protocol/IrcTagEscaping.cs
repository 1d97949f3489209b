using System.Buffers;
using System.Text;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// IRCv3 message-tags value escaping. The spec's table: ';' as <c>\:</c>, SPACE as <c>\s</c>,
/// '\' as <c>\\</c>, CR as <c>\r</c>, LF as <c>\n</c>. When unescaping, "if a \ precedes any other
/// character, the \ is dropped" and "a single \ at the end of the value is dropped".
/// </summary>
public static class IrcTagEscaping
{
    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create("; \\\r\n");

    /// <summary>Characters that must be escaped in a tag value.</summary>
    internal static SearchValues<char> SpecialChars => CharsToEscape;

    /// <summary>The escape sequence's second byte for a special character, or 0 when it needs none.</summary>
    internal static byte EscapeCode(char c) => c switch
    {
        ';' => (byte)':',
        ' ' => (byte)'s',
        '\\' => (byte)'\\',
        '\r' => (byte)'r',
        '\n' => (byte)'n',
        _ => 0,
    };

    /// <summary>Escapes a value for the wire (allocates; the serializer escapes in place instead).</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(CharsToEscape) < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            var code = EscapeCode(c);
            if (code == 0)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('\\').Append((char)code);
            }
        }

        return sb.ToString();
    }

    /// <summary>Unescapes a wire value given as UTF-8 bytes and decodes it.</summary>
    public static string Unescape(ReadOnlySpan<byte> escaped)
    {
        var slash = escaped.IndexOf((byte)'\\');
        if (slash < 0)
        {
            // Fast path: most values (msgid, time, account) never contain an escape.
            return escaped.IsEmpty ? string.Empty : Encoding.UTF8.GetString(escaped);
        }

        // Unescaping only shrinks, so the escaped length bounds the output.
        byte[]? rented = null;
        var buffer = escaped.Length <= 256
            ? stackalloc byte[256]
            : (rented = ArrayPool<byte>.Shared.Rent(escaped.Length));
        try
        {
            escaped[..slash].CopyTo(buffer);
            var written = slash;
            for (var i = slash; i < escaped.Length; i++)
            {
                var b = escaped[i];
                if (b != (byte)'\\')
                {
                    buffer[written++] = b;
                    continue;
                }

                if (++i == escaped.Length)
                {
                    break; // a lone trailing backslash is dropped
                }

                buffer[written++] = escaped[i] switch
                {
                    (byte)':' => (byte)';',
                    (byte)'s' => (byte)' ',
                    (byte)'r' => (byte)'\r',
                    (byte)'n' => (byte)'\n',
                    var other => other, // covers "\\" and unknown escapes: the backslash is dropped
                };
            }

            return Encoding.UTF8.GetString(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Unescapes a wire value given as a string.</summary>
    public static string Unescape(string escaped) =>
        escaped.Contains('\\', StringComparison.Ordinal) ? Unescape(Encoding.UTF8.GetBytes(escaped)) : escaped;
}
