using Parley.Bench.Net;

namespace Parley.Bench.Protocol;

/// <summary>
/// What a scenario needs from a wire protocol: registration, joining a room, answering
/// keep-alives, and the byte prefixes that turn a payload into a room or private message.
/// Rooms are named without '#'; the IRC dialect adds it.
/// </summary>
public interface IDialect
{
    string Name { get; }

    /// <summary>Line terminator the server expects (IRC: CRLF; line protocol: LF).</summary>
    ReadOnlyMemory<byte> NewLine { get; }

    /// <summary>Registers <paramref name="nick"/>; the reader loop must already be running.</summary>
    Task RegisterAsync(BenchClient client, string nick, TimeSpan timeout, CancellationToken ct);

    /// <summary>Joins <paramref name="room"/> and waits until the server confirms it.</summary>
    Task JoinAsync(BenchClient client, string room, TimeSpan timeout, CancellationToken ct);

    /// <summary>Handles keep-alives (IRC PING); returns true when the line was one.</summary>
    bool HandleControl(BenchClient client, ReadOnlySpan<byte> line);

    /// <summary>Bytes to put before a payload to say it in <paramref name="room"/>.</summary>
    byte[] RoomMessagePrefix(string room);

    /// <summary>Bytes to put before a payload to send it privately to <paramref name="nick"/>.</summary>
    byte[] PrivateMessagePrefix(string nick);

    /// <summary>The complete quit line.</summary>
    byte[] QuitLine { get; }
}

public static class Dialects
{
    public static IDialect For(BenchProtocol protocol) => protocol switch
    {
        BenchProtocol.Irc => new IrcDialect(),
        BenchProtocol.Line => new LineDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };
}

public enum BenchProtocol
{
    Irc,
    Line,
}
