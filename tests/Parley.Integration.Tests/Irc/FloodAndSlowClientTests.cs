using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class FloodAndSlowClientTests
{
    [Fact]
    public async Task Excess_lines_are_delayed_not_dropped()
    {
        await using var server = await TestServer.StartAsync(("Parley:Flood:Enabled", "true"), ("Parley:Flood:Burst", "3"), ("Parley:Flood:LinesPerSecond", "20"));
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "steady");
        var started = DateTime.UtcNow;
        await c.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 12).Select(i => $"PING :p{i}\r\n"))));
        for (var i = 0; i < 12; i++)
        {
            Assert.EndsWith($" p{i}", await c.ExpectContainsAsync("PONG"), StringComparison.Ordinal);
        }

        // The bucket was drained by registration: at 20 lines/s, 12 lines cannot all pass at once.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300), "lines were not delayed");
    }

    [Fact]
    public async Task A_flooding_irc_client_is_disconnected_with_excess_flood()
    {
        await using var server = await TestServer.StartAsync(("Parley:Flood:Enabled", "true"), ("Parley:Flood:Burst", "5"),
            ("Parley:Flood:LinesPerSecond", "2"), ("Parley:Flood:MaxDelayedLines", "20"));
        await using var watcher = await IrcClient.RegisterAsync(server.IrcEndPoint, "watcher");
        await watcher.JoinAsync("#f");
        await using var flooder = await IrcClient.RegisterAsync(server.IrcEndPoint, "flooder");
        await flooder.JoinAsync("#f");
        await flooder.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"PRIVMSG #f :spam {i}\r\n"))));
        var rest = await flooder.ReadToEndAsync(Waits.Long);
        Assert.Contains(rest, l => l.StartsWith("ERROR :Closing Link", StringComparison.Ordinal) && l.Contains("Excess Flood", StringComparison.Ordinal));
        Assert.Equal(":flooder!~flooder@127.0.0.1 QUIT :Excess Flood", await watcher.ExpectContainsAsync(" QUIT "));
        Assert.True(watcher.Seen.Count(l => l.Contains(":spam ", StringComparison.Ordinal)) < 200);
    }

    [Fact]
    public async Task A_flooding_line_client_is_disconnected_too()
    {
        await using var server = await TestServer.StartAsync(("Parley:Flood:Enabled", "true"), ("Parley:Flood:Burst", "5"),
            ("Parley:Flood:LinesPerSecond", "2"), ("Parley:Flood:MaxDelayedLines", "20"));
        await using var watcher = await LineClient.JoinAsync(server.LineEndPoint, "watcher");
        await using var flooder = await LineClient.JoinAsync(server.LineEndPoint);
        await flooder.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"spam {i}\n"))));
        await flooder.ReadToEndAsync(Waits.Long);
        await watcher.ExpectContainsAsync($"*** {flooder.Nick} quit (Excess Flood)");
    }

    [Fact]
    public async Task Flood_control_is_off_by_default()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "fast");
        await c.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"PING :p{i}\r\n"))));
        await c.ExpectContainsAsync("PONG test.parley p499");
    }

    [Fact]
    public async Task An_irc_client_that_never_reads_is_dropped_and_the_others_get_everything()
    {
        await using var server = await TestServer.StartAsync(("Parley:SendQueueBytes", "65536"));
        await using var alice = await IrcClient.RegisterAsync(server.IrcEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await alice.JoinAsync("#slow");
        await bob.JoinAsync("#slow");

        // A raw socket with a small receive buffer that registers, joins, and never reads a byte.
        using var sleeper = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await sleeper.ConnectAsync(server.IrcEndPoint);
        await sleeper.SendAsync(System.Text.Encoding.UTF8.GetBytes("NICK sleeper\r\nUSER sleeper 0 * :S\r\nJOIN #slow\r\n"));
        await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#slow")!.MemberCount == 3));
        var padding = new string('p', 400);
        var sent = 0;
        while (!bob.Seen.Any(l => l.Contains(" QUIT :Send queue exceeded", StringComparison.Ordinal)) && sent < 40_000)
        {
            for (var i = 0; i < 50; i++, sent++)
            {
                await alice.SendAsync($"PRIVMSG #slow :{sent} {padding}");
            }

            await bob.ExpectAsync(l => l.Contains($"#slow :{sent - 1} ", StringComparison.Ordinal), Waits.Long);
        }

        Assert.Contains(bob.Seen, l => l == ":sleeper!~sleeper@127.0.0.1 QUIT :Send queue exceeded");
        var received = bob.Seen.Where(l => l.Contains("PRIVMSG #slow :", StringComparison.Ordinal)).Select(l => l.Split(' ')[3].TrimStart(':')).ToList();
        Assert.Equal(Enumerable.Range(0, sent).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received);
        Assert.False(await server.OnHub(h => h.FindUser("sleeper") is not null));
    }
}
