namespace Parley.Core.Names;

/// <summary>IRC mask matching: '*' any run, '?' one character, case-insensitive under the server's casemapping.</summary>
public static class Wildcard
{
    public static bool IsMatch(string mask, string text)
    {
        mask = Casemapping.Fold(mask);
        text = Casemapping.Fold(text);
        int m = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (m < mask.Length && (mask[m] == '?' || mask[m] == text[t]))
            {
                m++;
                t++;
            }
            else if (m < mask.Length && mask[m] == '*')
            {
                star = m++;
                mark = t;
            }
            else if (star >= 0)
            {
                m = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (m < mask.Length && mask[m] == '*')
        {
            m++;
        }

        return m == mask.Length;
    }

    /// <summary>Completes a partial ban mask the way IRC servers do: <c>nick</c> → <c>nick!*@*</c>, <c>user@host</c> → <c>*!user@host</c>.</summary>
    public static string NormalizeBanMask(string mask)
    {
        if (mask.Contains('!', StringComparison.Ordinal))
        {
            return mask.Contains('@', StringComparison.Ordinal) ? mask : mask + "@*";
        }

        return mask.Contains('@', StringComparison.Ordinal) ? "*!" + mask : mask + "!*@*";
    }
}
