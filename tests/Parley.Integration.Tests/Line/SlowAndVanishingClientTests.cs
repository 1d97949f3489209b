using Parley.Testing;

namespace Parley.Integration.Tests.Line;

public sealed class SlowAndVanishingClientTests
{
    [Fact]
    public async Task A_client_that_never_reads_is_dropped_and_the_others_get_everything()
    {
        // A small send queue so that the test needs little traffic; the rule is the same at 1 MiB.
        await using var server = await TestServer.StartAsync(("Parley:SendQueueBytes", "65536"));
        // The sleeper is a bare socket that never reads (a TextClient would read in the background).
        using var sleeper = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)
        {
            ReceiveBufferSize = 4096,
        };
        await sleeper.ConnectAsync(server.LineEndPoint);
        await sleeper.SendAsync("/nick sleeper\n"u8.ToArray());
        await Waits.UntilAsync(() => server.OnHub(h => h.FindUser("sleeper") is not null));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#general")!.MemberCount == 3));
        // The sleeper stops reading: its socket buffers, then its Outbox fill up. Alice sends in rounds that bob
        // acknowledges, so that bob (who reads) is never the one behind.
        var padding = new string('p', 900);
        var sent = 0;
        const int maxMessages = 40_000;
        while (!bob.Seen.Contains("*** sleeper quit (Send queue exceeded)") && sent < maxMessages)
        {
            for (var i = 0; i < 50; i++, sent++)
            {
                await alice.SendAsync($"{sent} {padding}");
            }

            await bob.ExpectAsync(l => l.StartsWith($"<alice> {sent - 1} ", StringComparison.Ordinal), Waits.Long);
        }

        Assert.Contains("*** sleeper quit (Send queue exceeded)", bob.Seen);
        var received = bob.Seen.Where(l => l.StartsWith("<alice>", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(Enumerable.Range(0, sent).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received);
        Assert.False(await server.OnHub(h => h.FindUser("sleeper") is not null));
    }

    [Fact]
    public async Task Resets_and_half_closes_during_fan_out_are_normal_events()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        var leavers = new List<LineClient>();
        for (var i = 0; i < 10; i++)
        {
            leavers.Add(await LineClient.JoinAsync(server.LineEndPoint, $"leaver{i}"));
        }

        var chatter = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await alice.SendAsync($"tick {i}");
            }
        });

        for (var i = 0; i < leavers.Count; i++)
        {
            if (i % 2 == 0)
            {
                leavers[i].Reset();
            }
            else
            {
                // Half-close: the peer stops sending but could still read; the server takes it as leaving.
                leavers[i].Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            }
        }

        await chatter;
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal($"<alice> tick {i}", await bob.ExpectAsync(l => l.StartsWith("<alice>", StringComparison.Ordinal)));
        }

        for (var i = 0; i < leavers.Count; i++)
        {
            var quit = $"*** leaver{i} quit (";
            await Waits.UntilAsync(() => Task.FromResult(bob.Seen.Any(l => l.StartsWith(quit, StringComparison.Ordinal))), what: quit);
            var announced = bob.Seen.First(l => l.StartsWith(quit, StringComparison.Ordinal));
            if (i % 2 == 0)
            {
                // The kernel reports a reset to one system call only. When a send to the leaver takes it, the
                // connection's reader is told (SocketOutput.Break); but if the reader's receive runs between that
                // send and the telling, it sees a plain end of stream. Either way the leaver is gone and announced.
                Assert.Contains(announced, new[] { quit + "Connection lost)", quit + "Connection closed)" });
            }
            else
            {
                Assert.Equal(quit + "Connection closed)", announced);
            }
        }

        await Waits.UntilAsync(() => server.OnHub(h => h.UserCount == 2));
        foreach (var leaver in leavers)
        {
            await leaver.DisposeAsync();
        }
    }
}
