using System.ComponentModel.DataAnnotations;

namespace Parley.Doors.Irc;

/// <summary>Settings of the IRC door (section <c>Parley:Irc</c>); defaults documented in docs/irc.md.</summary>
public sealed class IrcOptions : IValidatableObject
{
    /// <summary>TCP port; 6667 is the IANA-registered plain-text IRC port (RFC 7194 keeps 6697 for TLS).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 6667;

    /// <summary>The connection password (PASS, RFC 2812 §3.1.1); null or empty: none required.</summary>
    public string? Password { get; set; }

    /// <summary>A connection that has not completed NICK/USER (and CAP END) by then is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After this much silence from a client the server sends PING (RFC 2812 §3.7.2).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a PING may go unanswered (any line counts as an answer) before "Ping timeout".</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Message of the day, one entry per line; empty: ERR_NOMOTD (422).</summary>
    public List<string> MotdLines { get; set; } = ["Welcome to Parley."];

    /// <summary>Server operators for OPER (<c>Parley:Irc:Operators:0:Name</c>, <c>...:PasswordHash</c>).</summary>
    public List<IrcOperator> Operators { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (oper, i) in Operators.Select((o, i) => (o, i)))
        {
            if (string.IsNullOrWhiteSpace(oper.Name) || oper.Name.Contains(' ', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"Parley:Irc:Operators:{i}:Name must be one word.");
            }

            if (!OperatorPassword.IsWellFormed(oper.PasswordHash))
            {
                yield return new ValidationResult($"Parley:Irc:Operators:{i}:PasswordHash is not a hash made by `parley-server hash-password` (see docs/irc.md).");
            }
        }
    }
}

/// <summary>One operator block: a name for OPER and the PBKDF2 hash of its password.</summary>
public sealed class IrcOperator
{
    public string Name { get; set; } = "";
    public string PasswordHash { get; set; } = "";
}
