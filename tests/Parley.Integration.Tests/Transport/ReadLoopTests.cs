using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Parley.Core.Sessions;
using Parley.Server.Transport;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class ReadLoopTests
{
    private const uint ConnectionEvents = Epoll.In | Epoll.ReadHangUp | Epoll.EdgeTriggered;

    [Fact]
    public async Task A_target_that_throws_is_logged_and_the_loop_goes_on_reporting_to_the_others()
    {
        var log = new ConcurrentQueue<string>();
        using var loop = new ReadLoop("test-read", new QueueLogger(log));
        await using var pair1 = await SocketPair.ConnectAsync();
        await using var pair2 = await SocketPair.ConnectAsync();
        var throwing = new ReportingTarget(fail: true);
        var reporting = new ReportingTarget();
        loop.Add(1_000_001, pair1.Server, throwing, ConnectionEvents);
        loop.Add(1_000_002, pair2.Server, reporting, ConnectionEvents);

        await pair1.Peer.SendAsync("boom\n"u8.ToArray());
        await throwing.Reported.WaitAsync(Waits.Short);
        await pair2.Peer.SendAsync("fine\n"u8.ToArray());

        Assert.NotEqual(0u, await reporting.Reported.WaitAsync(Waits.Short) & Epoll.In);
        Assert.Contains(log, line => line.Contains("A reader failed on a read loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_removed_target_hears_nothing_more()
    {
        using var loop = new ReadLoop("test-read", new QueueLogger(new ConcurrentQueue<string>()));
        await using var removedPair = await SocketPair.ConnectAsync();
        await using var keptPair = await SocketPair.ConnectAsync();
        var removed = new ReportingTarget();
        var kept = new ReportingTarget();
        loop.Add(1_000_003, removedPair.Server, removed, ConnectionEvents);
        loop.Add(1_000_004, keptPair.Server, kept, ConnectionEvents);
        loop.Remove(1_000_003);

        // Sent first: its report comes in the same pass as the other's or before it.
        await removedPair.Peer.SendAsync("unheard\n"u8.ToArray());
        await keptPair.Peer.SendAsync("heard\n"u8.ToArray());
        await kept.Reported.WaitAsync(Waits.Short);

        Assert.False(removed.Reported.IsCompleted);
        Assert.Equal(1, loop.Count);
    }

    [Fact]
    public async Task A_peer_that_resets_is_reported_as_hung_up()
    {
        using var loop = new ReadLoop("test-read", new QueueLogger(new ConcurrentQueue<string>()));
        await using var pair = await SocketPair.ConnectAsync();
        var target = new ReportingTarget();
        loop.Add(1_000_005, pair.Server, target, ConnectionEvents);

        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();

        Assert.NotEqual(0u, await target.Reported.WaitAsync(Waits.Short) & (Epoll.HangUp | Epoll.Error | Epoll.ReadHangUp));
    }

    [Fact]
    public async Task A_listener_on_a_loop_accepts_a_burst_of_connections_and_returns_null_once_closed()
    {
        using var loops = new ReadLoops(1, new QueueLogger(new ConcurrentQueue<string>()));
        var listener = LeanListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), new ConnectionOptions(), loops);
        var peers = new List<Socket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                peers.Add(peer);
                await peer.ConnectAsync(listener.EndPoint).WaitAsync(Waits.Short);
            }

            for (var i = 0; i < peers.Count; i++)
            {
                var connection = await listener.AcceptConnectionAsync().AsTask().WaitAsync(Waits.Short);
                Assert.NotNull(connection);
                await connection.DisposeAsync();
            }

            var waiting = listener.AcceptConnectionAsync().AsTask();
            Assert.False(waiting.IsCompleted);
            listener.Dispose();
            Assert.Null(await waiting.WaitAsync(Waits.Short));
        }
        finally
        {
            listener.Dispose();
            peers.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_loop_disposed_from_inside_its_own_pass_ends_after_it_without_failing()
    {
        var log = new ConcurrentQueue<string>();
        var loop = new ReadLoop("test-read", new QueueLogger(log));
        await using var pair = await SocketPair.ConnectAsync();
        var target = new ReportingTarget(onReport: loop.Dispose);
        loop.Add(1_000_006, pair.Server, target, ConnectionEvents);

        await pair.Peer.SendAsync("last\n"u8.ToArray());
        await target.Reported.WaitAsync(Waits.Short);

        // From outside, the dispose waits for the thread, which has ended or ends at once.
        await Task.Run(loop.Dispose).WaitAsync(Waits.Short);
        Assert.DoesNotContain(log, line => line.Contains("failed", StringComparison.Ordinal));
    }

    /// <summary>Records the first report; can throw from it, as a failing reader would.</summary>
    private sealed class ReportingTarget(bool fail = false, Action? onReport = null) : IReadyTarget
    {
        private readonly TaskCompletionSource<uint> _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<uint> Reported => _reported.Task;

        public void OnReady(uint events)
        {
            onReport?.Invoke();
            _reported.TrySetResult(events);
            if (fail)
            {
                throw new InvalidOperationException("a reader's bug");
            }
        }
    }

    /// <summary>A connected loopback pair: the server's accepted socket and the peer's.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private SocketPair(Socket server, Socket peer)
        {
            Server = server;
            Peer = peer;
        }

        public Socket Server { get; }

        public Socket Peer { get; }

        public static async Task<SocketPair> ConnectAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await peer.ConnectAsync(listener.LocalEndPoint!).WaitAsync(Waits.Short);
            var server = await listener.AcceptAsync().WaitAsync(Waits.Short);
            return new SocketPair(server, peer);
        }

        public ValueTask DisposeAsync()
        {
            Peer.Dispose();
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
