namespace Parley.Bench.Scenarios;

/// <summary>
/// Nicks that fit RFC 2812's 9 characters: 'b', a random two-letter run tag (so a run never
/// collides with a previous run's clients still being torn down) and the client id in base 36.
/// </summary>
public sealed class Nicks
{
    private readonly string _tag;

    public Nicks()
    {
        Span<char> tag = stackalloc char[2];
        tag[0] = (char)('a' + Random.Shared.Next(26));
        tag[1] = (char)('a' + Random.Shared.Next(26));
        _tag = new string(tag);
    }

    public string For(long id)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> buf = stackalloc char[16];
        var i = buf.Length;
        do
        {
            buf[--i] = digits[(int)(id % 36)];
            id /= 36;
        }
        while (id > 0);

        return "b" + _tag + new string(buf[i..]);
    }
}
