namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// A message source split into its parts. Modern IRC: <c>source ::= &lt;servername&gt; / ( &lt;nickname&gt;
/// [ "!" &lt;user&gt; ] [ "@" &lt;host&gt; ] )</c>. A server name and a bare nick look alike on the
/// wire; both land in <see cref="Nick"/>, and the door knows which it expects.
/// </summary>
public readonly record struct IrcSource(string Nick, string? User, string? Host)
{
    /// <summary>Splits at the first '!' and the first '@' after it; never fails.</summary>
    public static IrcSource Parse(string source)
    {
        var at = source.IndexOf('@', StringComparison.Ordinal);
        var head = at < 0 ? source : source[..at];
        var host = at < 0 ? null : source[(at + 1)..];
        var bang = head.IndexOf('!', StringComparison.Ordinal);
        return bang < 0
            ? new IrcSource(head, null, host)
            : new IrcSource(head[..bang], head[(bang + 1)..], host);
    }

    /// <summary>The wire form, <c>nick!user@host</c> with absent parts left out.</summary>
    public override string ToString() =>
        Nick + (User is null ? "" : "!" + User) + (Host is null ? "" : "@" + Host);
}
