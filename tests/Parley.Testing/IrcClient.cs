using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>An IRC client for tests: CRLF lines, registration with optional capabilities, numeric waits.</summary>
public sealed class IrcClient : TextClient
{
    private IrcClient(Socket socket) : base(socket, "\r\n")
    {
    }

    public string Nick { get; private set; } = "*";

    public static async Task<IrcClient> ConnectAsync(IPEndPoint endPoint, int? receiveBuffer = null) =>
        new(await ConnectSocketAsync(endPoint, receiveBuffer));

    /// <summary>Connects and registers; with capabilities, negotiates them first (CAP LS 302, REQ, END). Returns after the MOTD.</summary>
    public static async Task<IrcClient> RegisterAsync(IPEndPoint endPoint, string nick, params string[] caps) =>
        await RegisterAsync(endPoint, nick, null, caps);

    public static async Task<IrcClient> RegisterAsync(IPEndPoint endPoint, string nick, int? receiveBuffer, params string[] caps)
    {
        var client = await ConnectAsync(endPoint, receiveBuffer);
        if (caps.Length > 0)
        {
            await client.SendAsync("CAP LS 302");
            await client.ExpectAsync(l => l.Contains(" CAP * LS ", StringComparison.Ordinal));
            await client.SendAsync("CAP REQ :" + string.Join(' ', caps));
            await client.ExpectAsync(l => l.Contains(" CAP * ACK ", StringComparison.Ordinal));
        }

        await client.SendAsync("NICK " + nick);
        await client.SendAsync($"USER {nick} 0 * :Real {nick}");
        if (caps.Length > 0)
        {
            await client.SendAsync("CAP END");
        }

        await client.ExpectNumericAsync("001");
        await client.ExpectAsync(l => IsNumeric(l, "376") || IsNumeric(l, "422"), what: "end of MOTD");
        client.Nick = nick;
        return client;
    }

    /// <summary>Joins a channel and reads up to the end of its NAMES.</summary>
    public async Task JoinAsync(string channel)
    {
        await SendAsync("JOIN " + channel);
        await ExpectNumericAsync("366");
    }

    public Task<string> ExpectNumericAsync(string code, TimeSpan? timeout = null) =>
        ExpectAsync(l => IsNumeric(l, code), timeout, "numeric " + code);

    /// <summary>The command word of a line (after tags and source).</summary>
    public static string CommandOf(string line)
    {
        var words = line.Split(' ');
        var i = 0;
        if (words[i].StartsWith('@'))
        {
            i++;
        }

        if (words[i].StartsWith(':'))
        {
            i++;
        }

        return i < words.Length ? words[i] : "";
    }

    public static bool IsNumeric(string line, string code) => CommandOf(line) == code;
}
