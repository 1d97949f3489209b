namespace Parley.Core.Names;

/// <summary>
/// Case folding of nicks and room names. Parley uses the <c>ascii</c> casemapping (ISUPPORT CASEMAPPING=ascii):
/// only A–Z fold to a–z. Unlike rfc1459 it does not treat <c>[]\~</c> as the upper case of <c>{}|^</c>, which
/// surprises users and differs between servers; modern servers (Ergo, InspIRCd's default option) moved the same way.
/// </summary>
public static class Casemapping
{
    public const string Name = "ascii";

    public static string Fold(string name)
    {
        foreach (var c in name)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return string.Create(name.Length, name, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        var ch = source[i];
                        span[i] = ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch;
                    }
                });
            }
        }

        return name;
    }

    public static bool Equal(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase) && Fold(a) == Fold(b);
}
