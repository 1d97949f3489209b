using System.Text;

namespace Parley.Core.Names;

/// <summary>Cleaning of user text before it is stored and relayed.</summary>
public static class TextRules
{
    /// <summary>
    /// Removes control characters other than tab, so that nobody can move another user's cursor, ring their
    /// bell or forge a line break. IRC formatting codes (bold 0x02, colour 0x03, italics 0x1D, underline 0x1F,
    /// reset 0x0F, reverse 0x16, monospace 0x11, strikethrough 0x1E) are kept when <paramref name="keepIrcFormatting"/>
    /// is set, since IRC users expect them and they move nothing.
    /// </summary>
    public static string StripControls(string text, bool keepIrcFormatting = true)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            if (IsRemoved(text[i], keepIrcFormatting))
            {
                break;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            if (!IsRemoved(text[i], keepIrcFormatting))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Cuts a string to at most <paramref name="maxBytes"/> bytes of UTF-8 without splitting a character.</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) <= maxBytes || Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 4 : text[i] < 0x80 ? 1 : text[i] < 0x800 ? 2 : 3;
            if (bytes + width > maxBytes)
            {
                return text[..i];
            }

            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }

        return text;
    }

    private static bool IsRemoved(char c, bool keepIrcFormatting) =>
        (c < 0x20 && c != '\t' && !(keepIrcFormatting && c is '\x02' or '\x03' or '\x0F' or '\x11' or '\x16' or '\x1D' or '\x1E' or '\x1F'))
        || c == '\x7F'
        || (c >= '\x80' && c <= '\x9F');
}
