using System.Collections.Concurrent;
using Parley.Testing;

namespace Parley.Integration.Tests.History;

public sealed class CrashDurabilityTests
{
    /// <summary>
    /// Invariant 4: durable before delivered. Several clients chat in two rooms while the server is killed with
    /// SIGKILL; after a restart, every message any client had received is in the history, in the order it was
    /// received, and new messages continue the sequence (no id or sequence reused).
    /// </summary>
    [Fact]
    public async Task After_kill_9_every_message_anyone_received_is_in_the_history_in_order()
    {
        using var data = new TempDirectory();
        var received = new ConcurrentDictionary<string, List<string>>();
        await using (var server = await ServerProcess.StartAsync(data.Path))
        {
            var endPoint = server.EndPointOf("line");
            var readers = new List<LineClient>();
            foreach (var room in new[] { "general", "rust" })
            {
                var reader = await LineClient.JoinAsync(endPoint, "reader-" + room);
                if (room != "general")
                {
                    await reader.SendAsync("/join " + room);
                    await reader.ExpectContainsAsync("You joined " + room);
                }

                readers.Add(reader);
            }

            var senders = new List<LineClient>();
            for (var i = 0; i < 4; i++)
            {
                var sender = await LineClient.JoinAsync(endPoint, $"sender{i}");
                if (i % 2 == 1)
                {
                    await sender.SendAsync("/join rust");
                    await sender.ExpectContainsAsync("You joined rust");
                }

                senders.Add(sender);
            }

            // Each sender keeps at most a window of 50 messages unread by its room's reader (the test's reader is
            // slower than the server, which would otherwise drop it for its send queue), and stops at 2,000.
            using var stop = new CancellationTokenSource();
            const int perSender = 2000;
            var sending = senders.Select((s, i) => Task.Run(async () =>
            {
                var reader = readers[i % 2];
                try
                {
                    for (var n = 0; n < perSender && !stop.IsCancellationRequested; n++)
                    {
                        await s.SendAsync($"s{i} n{n}");
                        if (n % 50 == 49)
                        {
                            var expected = $"<sender{i}> s{i} n{n}";
                            await Waits.UntilAsync(() => Task.FromResult(stop.IsCancellationRequested || reader.Seen.Contains(expected)), Waits.Long);
                        }
                    }
                }
                catch (IOException)
                {
                }
                catch (System.Net.Sockets.SocketException)
                {
                }
            })).ToList();

            // Let traffic build up, then kill the server while it is busy.
            await Waits.UntilAsync(() => Task.FromResult(readers[0].Seen.Contains("<sender0> s0 n300") && readers[1].Seen.Contains("<sender1> s1 n300")), Waits.Long);
            server.Signal(9);
            await server.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(sending);
            foreach (var (reader, room) in readers.Zip(new[] { "general", "rust" }))
            {
                await reader.ReadToEndAsync(Waits.Long);
                received[room] = reader.Seen.Where(l => l.StartsWith("<sender", StringComparison.Ordinal)).ToList();
                await reader.DisposeAsync();
            }

            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }

        await using (var server = await ServerProcess.StartAsync(data.Path, "--Parley:MaxHistoryRequest=10000"))
        {
            await using var auditor = await LineClient.JoinAsync(server.EndPointOf("line"), "auditor");
            foreach (var room in new[] { "general", "rust" })
            {
                var history = await ReadHistoryAsync(auditor, room);
                var seen = received[room];
                Assert.NotEmpty(seen);

                // Everything received is stored, in the same order.
                var stored = history.Where(seen.ToHashSet().Contains).ToList();
                Assert.Equal(seen, stored);
            }

            // New messages go on after the old ones.
            await auditor.SendAsync("after the crash");
            var after = await ReadHistoryAsync(auditor, "general");
            Assert.Equal("<auditor> after the crash", after[^1]);
            Assert.Equal(after.Count, after.Distinct().Count());
        }
    }

    private static async Task<List<string>> ReadHistoryAsync(LineClient client, string room)
    {
        await client.SendAsync($"/history {room} 10000");
        var lines = new List<string>();
        await client.ExpectContainsAsync($"History of {room}");
        while (true)
        {
            var line = await client.ReadLineAsync();
            if (line == "*** End of history")
            {
                return lines;
            }

            lines.Add(line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]);
        }
    }
}
