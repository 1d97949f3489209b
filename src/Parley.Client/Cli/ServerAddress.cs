using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Parley.Client.Cli;

/// <summary>Where to connect: a host name or IP literal and a TCP port.</summary>
public sealed record ServerAddress(string Host, int Port)
{
    /// <summary>The line door's port (see docs/line-protocol.md).</summary>
    public const int DefaultPort = 5015;

    /// <summary>
    /// Parses <c>HOST</c>, <c>HOST:PORT</c>, <c>[IPv6]</c>, <c>[IPv6]:PORT</c> or a bare IPv6 literal
    /// such as <c>::1</c> (which cannot carry a port: with several colons the port would be ambiguous).
    /// <paramref name="portOption"/> (from --port) applies when the text names no port; naming two
    /// different ports is an error rather than a silent choice.
    /// </summary>
    public static bool TryParse(string text, int? portOption, out ServerAddress address, out string error)
    {
        address = new ServerAddress("localhost", DefaultPort);
        error = string.Empty;
        text = text.Trim();
        string host;
        string? portText = null;

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "missing ']' after the IPv6 address";
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = "expected ':PORT' after ']'";
                    return false;
                }

                portText = rest[1..];
            }

            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' is not an IPv6 address";
                return false;
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }

        if (host.Length == 0)
        {
            error = "missing host";
            return false;
        }

        int? port = null;
        if (portText is not null)
        {
            if (!TryParsePort(portText, out var parsed))
            {
                error = $"'{portText}' is not a port (1-65535)";
                return false;
            }

            port = parsed;
        }

        if (portOption is { } option)
        {
            if (option is < 1 or > 65535)
            {
                error = $"--port {option} is not a port (1-65535)";
                return false;
            }

            if (port is { } named && named != option)
            {
                error = $"two different ports given: {named} in the address and {option} by --port";
                return false;
            }

            port = option;
        }

        address = new ServerAddress(host, port ?? DefaultPort);
        return true;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>host:port, with brackets around IPv6 literals so the port stays readable.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
