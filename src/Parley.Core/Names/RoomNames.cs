namespace Parley.Core.Names;

/// <summary>
/// Room names are IRC channel names: '#' then up to <see cref="HubOptions.RoomNameLength"/> - 1 characters
/// without space, comma, colon or control characters (RFC 2812 §1.3 forbids NUL, BEL, CR, LF, space and comma;
/// ':' is refused too because it would begin a trailing parameter). The line protocol shows them without
/// the '#': its <c>general</c> is IRC's <c>#general</c>.
/// </summary>
public static class RoomNames
{
    public const char Prefix = '#';

    /// <summary>The canonical (IRC) form of a name typed in the line protocol: adds the '#' when missing.</summary>
    public static string FromLineName(string name) => name.Length > 0 && name[0] == Prefix ? name : Prefix + name;

    /// <summary>The name as the line protocol shows it: without the '#'.</summary>
    public static string ToLineName(string name) => name.Length > 1 && name[0] == Prefix ? name[1..] : name;

    public static bool IsValid(string name, int maxLength)
    {
        if (name.Length < 2 || name.Length > maxLength || name[0] != Prefix)
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (c is ' ' or ',' or ':' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
