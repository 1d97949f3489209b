using System.Net.Sockets;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class ReadLoopFairnessTests
{
    [Fact]
    public async Task A_client_streaming_without_pause_does_not_keep_its_read_loop_from_the_other_connections()
    {
        // One loop, so the streamer and the chatters share it.
        await using var server = await TestServer.StartAsync([("Parley:Connection:ReadLoops", "1"), ("Parley:Flood:Enabled", "false")]);
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        using var streamer = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await streamer.ConnectAsync(server.LineEndPoint);

        // An endless line of garbage, sent as fast as the kernel takes it: the server discards it as it comes.
        using var stop = new CancellationTokenSource();
        var chunk = new byte[64 * 1024];
        long sent = 0;
        Array.Fill(chunk, (byte)'x');
        var streaming = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    Interlocked.Add(ref sent, await streamer.SendAsync(chunk, stop.Token));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        });

        await Waits.UntilAsync(() => Task.FromResult(Interlocked.Read(ref sent) > 16 * 1024 * 1024));
        for (var i = 0; i < 20; i++)
        {
            await alice.SendAsync($"still here {i}");
            await bob.ExpectContainsAsync($"<alice> still here {i}");
        }

        // The streamer was still streaming all along, and still connected.
        var sentDuringChat = Interlocked.Read(ref sent);
        await Waits.UntilAsync(() => Task.FromResult(Interlocked.Read(ref sent) > sentDuringChat + 1024 * 1024));
        Assert.False(streaming.IsCompleted);
        await stop.CancelAsync();
        streamer.Close();
        await streaming.WaitAsync(Waits.Short);
    }
}
