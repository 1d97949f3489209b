using System.Text;
using Parley.Bench.Net;

namespace Parley.Bench.Protocol;

/// <summary>RFC 1459/2812 client side: NICK/USER until 001, JOIN until 366, PING answered.</summary>
public sealed class IrcDialect : IDialect
{
    public string Name => "irc";

    public ReadOnlyMemory<byte> NewLine => "\r\n"u8.ToArray();

    public byte[] QuitLine { get; } = "QUIT :bench done\r\n"u8.ToArray();

    public async Task RegisterAsync(BenchClient client, string nick, TimeSpan timeout, CancellationToken ct)
    {
        var welcome = client.Expect(static line => Command(line) switch
        {
            var c when c.SequenceEqual("001"u8) => MatchResult.Matched,
            // Nick errors (erroneous, in use, collision, unavailable) and a closing ERROR.
            var c when c.SequenceEqual("432"u8) || c.SequenceEqual("433"u8) || c.SequenceEqual("436"u8)
                || c.SequenceEqual("437"u8) || c.SequenceEqual("ERROR"u8) => MatchResult.Failed,
            _ => MatchResult.None,
        });
        await client.SendAsync($"NICK {nick}\r\nUSER bench 0 * :parley bench\r\n", ct);
        await welcome.WaitAsync(timeout, ct);
    }

    public async Task JoinAsync(BenchClient client, string room, TimeSpan timeout, CancellationToken ct)
    {
        // 366 RPL_ENDOFNAMES ends the join burst; the 4xx are the ways a JOIN is refused.
        var endOfNames = client.Expect(static line => Command(line) switch
        {
            var c when c.SequenceEqual("366"u8) => MatchResult.Matched,
            var c when c.SequenceEqual("403"u8) || c.SequenceEqual("405"u8) || c.SequenceEqual("471"u8)
                || c.SequenceEqual("473"u8) || c.SequenceEqual("474"u8) || c.SequenceEqual("475"u8)
                || c.SequenceEqual("ERROR"u8) => MatchResult.Failed,
            _ => MatchResult.None,
        });
        await client.SendAsync($"JOIN #{room}\r\n", ct);
        await endOfNames.WaitAsync(timeout, ct);
    }

    public bool HandleControl(BenchClient client, ReadOnlySpan<byte> line)
    {
        if (!Command(line).SequenceEqual("PING"u8))
        {
            return false;
        }

        // Rare (once per ping interval), so allocating the reply is fine.
        var at = line.IndexOf("PING"u8);
        var reply = new byte[line.Length - at + 2];
        "PONG"u8.CopyTo(reply);
        line[(at + 4)..].CopyTo(reply.AsSpan(4));
        "\r\n"u8.CopyTo(reply.AsSpan(reply.Length - 2));
        client.QueueControl(reply);
        return true;
    }

    public byte[] RoomMessagePrefix(string room) => Encoding.UTF8.GetBytes($"PRIVMSG #{room} :");

    public byte[] PrivateMessagePrefix(string nick) => Encoding.UTF8.GetBytes($"PRIVMSG {nick} :");

    /// <summary>The command or numeric of a line, skipping tags (@...) and the source (:...).</summary>
    public static ReadOnlySpan<byte> Command(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[0] == (byte)'@')
        {
            line = SkipWord(line);
        }

        if (!line.IsEmpty && line[0] == (byte)':')
        {
            line = SkipWord(line);
        }

        var sp = line.IndexOf((byte)' ');
        return sp < 0 ? line : line[..sp];
    }

    private static ReadOnlySpan<byte> SkipWord(ReadOnlySpan<byte> line)
    {
        var sp = line.IndexOf((byte)' ');
        return sp < 0 ? [] : line[(sp + 1)..].TrimStart((byte)' ');
    }
}
