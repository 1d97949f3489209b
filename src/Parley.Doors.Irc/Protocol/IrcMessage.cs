using System.Text;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// One IRC message: <c>['@' tags SPACE] [':' source SPACE] command *(SPACE param)</c> (Modern IRC,
/// "Message format"). Immutable; the parser builds exactly sized arrays so nothing is copied again.
/// </summary>
public sealed class IrcMessage
{
    private readonly IrcTag[] _tags;
    private readonly string[] _parameters;

    /// <summary>A message without tags or source, e.g. for tests or client-side commands.</summary>
    public IrcMessage(string command, params string[] parameters)
        : this([], null, command, parameters)
    {
    }

    /// <summary>Takes ownership of the arrays (no copy): callers must not change them afterwards.</summary>
    public IrcMessage(IrcTag[] tags, string? source, string command, string[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        _tags = tags ?? [];
        _parameters = parameters ?? [];
        Source = string.IsNullOrEmpty(source) ? null : source;
        Command = command;
    }

    /// <summary>Tags in wire order, values unescaped. A repeated key keeps every occurrence; see <see cref="TryGetTag"/>.</summary>
    public IReadOnlyList<IrcTag> Tags => _tags;

    /// <summary>The source (prefix) without ':', e.g. <c>nick!user@host</c> or a server name; null when absent.</summary>
    public string? Source { get; }

    /// <summary>Upper-case command or three-digit numeric.</summary>
    public string Command { get; }

    /// <summary>Parameters without the ':' that marks a trailing one.</summary>
    public IReadOnlyList<string> Parameters => _parameters;

    /// <summary>Parameter <paramref name="index"/> or null when there are fewer.</summary>
    public string? GetParameter(int index) => (uint)index < (uint)_parameters.Length ? _parameters[index] : null;

    /// <summary>
    /// The value of a tag. When a key repeats, the last one wins, matching how IRCv3 software
    /// treats duplicates (later tags overwrite earlier ones).
    /// </summary>
    public bool TryGetTag(string key, out string value)
    {
        for (var i = _tags.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_tags[i].Key, key, StringComparison.Ordinal))
            {
                value = _tags[i].Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The wire form without CRLF, for logs and tests (allocates; not for the hot path).</summary>
    public override string ToString()
    {
        var bytes = IrcSerializer.ToBytes(this);
        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - 2);
    }
}
