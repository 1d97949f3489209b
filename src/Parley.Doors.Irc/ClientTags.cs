using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>
/// Client-only tags (IRCv3 message-tags: keys starting with '+') travel through the hub as one escaped string, the
/// way they appear on the wire, so the hub stays protocol-free and the door re-emits them unchanged.
/// </summary>
public static class ClientTags
{
    /// <summary>The client-only tags of a message as <c>+a=1;+b</c>, or null when it has none.</summary>
    public static string? Join(IReadOnlyList<IrcTag> tags)
    {
        string? joined = null;
        foreach (var tag in tags)
        {
            if (!tag.IsClientOnly)
            {
                continue;
            }

            var part = tag.Value.Length == 0 ? tag.Key : tag.Key + "=" + IrcTagEscaping.Escape(tag.Value);
            joined = joined is null ? part : joined + ";" + part;
        }

        return joined;
    }

    /// <summary>Splits the joined form back into keys and unescaped values.</summary>
    public static IEnumerable<(string Key, string Value)> Split(string joined)
    {
        foreach (var part in joined.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? (part, "") : (part[..equals], IrcTagEscaping.Unescape(part[(equals + 1)..]));
        }
    }
}
