using System.Text;
using Parley.Bench.Net;

namespace Parley.Bench.Protocol;

/// <summary>
/// Parley's line protocol (port 5015). Its replies are prose, so each step waits for the first
/// line after the command that mentions what it set (our nick, the room): loose, but it does
/// not depend on exact wording that is still being written.
/// </summary>
public sealed class LineDialect : IDialect
{
    public string Name => "line";

    public ReadOnlyMemory<byte> NewLine => "\n"u8.ToArray();

    public byte[] QuitLine { get; } = "/quit\n"u8.ToArray();

    public async Task RegisterAsync(BenchClient client, string nick, TimeSpan timeout, CancellationToken ct)
    {
        // The server speaks first (greeting, guest nick, join of `general`); wait for that.
        if (Volatile.Read(ref client.LinesReceived) == 0)
        {
            var greeting = client.Expect(static _ => MatchResult.Matched);
            if (Volatile.Read(ref client.LinesReceived) == 0)
            {
                await greeting.WaitAsync(timeout, ct);
            }
        }

        var wanted = Encoding.UTF8.GetBytes(nick);
        var confirmed = client.Expect(line => line.IndexOf(wanted) >= 0 ? MatchResult.Matched : MatchResult.None);
        await client.SendAsync($"/nick {nick}\n", ct);
        await confirmed.WaitAsync(timeout, ct);
    }

    public async Task JoinAsync(BenchClient client, string room, TimeSpan timeout, CancellationToken ct)
    {
        var wanted = Encoding.UTF8.GetBytes(room);
        var confirmed = client.Expect(line => line.IndexOf(wanted) >= 0 ? MatchResult.Matched : MatchResult.None);
        await client.SendAsync($"/join {room}\n", ct);
        await confirmed.WaitAsync(timeout, ct);
    }

    public bool HandleControl(BenchClient client, ReadOnlySpan<byte> line) => false;

    // A plain line goes to the current room: the room the client joined last.
    public byte[] RoomMessagePrefix(string room) => [];

    public byte[] PrivateMessagePrefix(string nick) => Encoding.UTF8.GetBytes($"/msg {nick} ");
}
