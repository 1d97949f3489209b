using System.Text;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Turns a user's plain words into an FTS5 query in which every word must match. Each word becomes a quoted
/// string (inner quotes doubled), so nothing a user types (<c>"</c>, <c>AND(</c>, <c>*</c>, <c>NEAR</c>,
/// <c>col:</c>) is ever FTS5 syntax: it is only text for the tokenizer.
/// </summary>
internal static class FtsQuery
{
    /// <summary>Words beyond this many are ignored: each one is another index lookup, and 16 is plenty to narrow a search.</summary>
    public const int MaxWords = 16;

    /// <summary>The query, or null when the input has no searchable word (only spaces or punctuation).</summary>
    public static string? FromWords(string? words)
    {
        if (string.IsNullOrWhiteSpace(words))
        {
            return null;
        }

        var query = new StringBuilder();
        var count = 0;
        foreach (var word in words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // A word of punctuation alone tokenizes to nothing; as an empty phrase it would only confuse the match.
            if (!HasLetterOrDigit(word))
            {
                continue;
            }

            if (query.Length > 0)
            {
                query.Append(' ');
            }

            query.Append('"').Append(word.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (++count == MaxWords)
            {
                break;
            }
        }

        return count == 0 ? null : query.ToString();
    }

    private static bool HasLetterOrDigit(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
