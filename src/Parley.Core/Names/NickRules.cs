namespace Parley.Core.Names;

/// <summary>
/// Which nicks are valid, following RFC 2812 §2.3.1 as modern servers apply it: a nick starts with a letter
/// or one of the specials <c>[]\`_^{|}</c>, and goes on with letters, digits, specials and '-'. That excludes
/// everything IRC gives a meaning to (space, ',', '*', '?', '!', '@', '#', ':' and leading digits) so that an
/// IRC user and a line-protocol user can always address each other.
/// </summary>
public static class NickRules
{
    public static bool IsValid(string nick, int maxLength)
    {
        if (nick.Length == 0 || nick.Length > maxLength)
        {
            return false;
        }

        if (!IsFirst(nick[0]))
        {
            return false;
        }

        for (var i = 1; i < nick.Length; i++)
        {
            if (!IsFirst(nick[i]) && !char.IsAsciiDigit(nick[i]) && nick[i] != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFirst(char c) => char.IsAsciiLetter(c) || c is '[' or ']' or '\\' or '`' or '_' or '^' or '{' or '|' or '}';
}
