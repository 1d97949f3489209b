using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Parley.Bench.Net;
using Parley.Bench.Scenarios;
using Parley.Testing;

namespace Parley.Bench.Tests;

/// <summary>The pacer drives every paced sender from one thread; a sender the server stops reading must not stop it.</summary>
public sealed class PacerTests : IDisposable
{
    private const double Rate = 200;
    private static readonly byte[] NewLine = "\r\n"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public PacerTests()
    {
        // Small buffers on the accepted side: the unread connection fills after a few sends.
        _listener.Server.ReceiveBufferSize = 4096;
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_sender_whose_server_stops_reading_does_not_hold_up_the_others()
    {
        var (stuck, stuckPeer) = await ConnectAsync(0);
        var (flowing, flowingPeer) = await ConnectAsync(1);
        using (stuckPeer)
        using (flowingPeer)
        await using (stuck)
        await using (flowing)
        {
            var target = new FixedTarget(new Target("PRIVMSG #x :"u8.ToArray(), ExpectedReceivers: 1, Acker: -1));
            // 64 KB messages: the unread connection is full within the first hundred (the client's send buffer grows to
            // at most 4 MiB, net.ipv4.tcp_wmem, and the peer's receive buffer is small).
            var blocked = new Sender(0, stuck, target, window: 1, NewLine, padding: 65536);
            var free = new Sender(1, flowing, target, window: 1, NewLine, padding: 16);
            var start = Stopwatch.GetTimestamp();
            var stop = start + Stopwatch.Frequency;
            blocked.StartPacing(Rate, start);
            free.StartPacing(Rate, start);
            var lines = CountLinesAsync(flowingPeer);

            var pacing = Pacer.RunAsync([blocked, free], stop);
            // The free sender's whole schedule for the second arrives while the other's send is stuck.
            await Waits.UntilAsync(() => Task.FromResult(Volatile.Read(ref free.Sent) >= Rate), what: "the free sender's schedule");
            Assert.False(pacing.IsCompleted, "the pacer ended while a send was stuck");
            Assert.True(Volatile.Read(ref blocked.Sent) < Rate, "the unread connection took every message");

            // The stuck send fails once its connection is gone, and the pacer ends.
            await stuck.DisposeAsync();
            await pacing.WaitAsync(Waits.Short);
            Assert.InRange(Volatile.Read(ref free.Sent), Rate, Rate + 1);
            flowing.Shutdown();
            Assert.Equal(Volatile.Read(ref free.Sent), await lines.WaitAsync(Waits.Short));
        }
    }

    private async Task<(BenchClient Client, Socket Peer)> ConnectAsync(int id)
    {
        var accept = _listener.AcceptSocketAsync();
        var client = await BenchClient.ConnectAsync(_listener.LocalEndpoint, source: null, id, bufferSize: 4096, CancellationToken.None);
        return (client, await accept);
    }

    private static async Task<long> CountLinesAsync(Socket peer)
    {
        var buffer = new byte[65536];
        long lines = 0;
        int n;
        while ((n = await peer.ReceiveAsync(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
        }

        return lines;
    }
}
