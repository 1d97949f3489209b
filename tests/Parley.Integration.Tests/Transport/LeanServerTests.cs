using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Core.Sessions;
using Parley.Server.Hosting;
using Parley.Server.Transport;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class LeanServerTests
{
    [Fact]
    public async Task Each_connection_runs_its_doors_handler_and_is_closed_and_forgotten_when_the_handler_returns()
    {
        await using var s = await RunningServer.StartAsync(new EchoOnceHandler());
        using var peer = await s.ConnectAsync();
        await peer.SendAsync("hello\n"u8.ToArray());

        Assert.Equal("hello\n", await ReadToEndAsync(peer));
        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 0));
    }

    [Fact]
    public async Task A_handler_that_fails_is_logged_its_connection_closed_and_the_door_goes_on_accepting()
    {
        var handler = new FailingHandler();
        await using var s = await RunningServer.StartAsync(handler);

        using var first = await s.ConnectAsync();
        Assert.Equal("", await ReadToEndAsync(first));
        using var second = await s.ConnectAsync();
        await second.SendAsync("x"u8.ToArray());
        Assert.Equal("", await ReadToEndAsync(second));

        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 0));
        Assert.Equal(2, s.Log.Count(line => line.Contains("its handler failed", StringComparison.Ordinal)));
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task Stopping_waits_for_connections_to_end_and_aborts_those_still_open_at_the_shutdown_timeout()
    {
        await using var s = await RunningServer.StartAsync(new ReadUntilEndHandler());
        using var peer = await s.ConnectAsync();
        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 1));

        // The host's shutdown timeout has passed: what is still open is aborted, and the stop then completes.
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync();
        await s.Server.StopAsync(expired.Token).WaitAsync(Waits.Short);

        Assert.Equal(0, s.Server.LiveCount);
        Assert.Equal("", await ReadToEndAsync(peer));
        Assert.Contains(s.Log, line => line.Contains("aborting 1 connections", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<SocketException>(() => s.ConnectAsync());
    }

    [Fact]
    public async Task Past_the_connection_limit_a_client_gets_the_doors_refusal_and_one_leaving_makes_room()
    {
        await using var s = await RunningServer.StartAsync(new ReadUntilEndHandler(), new ConnectionOptions { MaxConnections = 2 });
        using var first = await s.ConnectAsync();
        using var second = await s.ConnectAsync();
        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 2));

        using (var refused = await s.ConnectAsync())
        {
            Assert.Equal("full\n", await ReadToEndAsync(refused));
        }

        using (var refusedAgain = await s.ConnectAsync())
        {
            Assert.Equal("full\n", await ReadToEndAsync(refusedAgain));
        }

        Assert.Single(s.Log, line => line.Contains("The server is full (2 connections)", StringComparison.Ordinal));
        first.Shutdown(SocketShutdown.Send);
        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 1));
        using var third = await s.ConnectAsync();
        await Waits.UntilAsync(() => Task.FromResult(s.Server.LiveCount == 2));
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_with_the_address_in_the_error()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<IOException>(() => TestServer.StartAsync(("Parley:Irc:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains("address already in use", error.Message, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ReadToEndAsync(Socket peer)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = await peer.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Waits.Short)) > 0)
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return received.ToString();
    }

    /// <summary>A <see cref="LeanServer"/> with one door on an ephemeral loopback port, run by the given handler.</summary>
    private sealed class RunningServer : IAsyncDisposable
    {
        private RunningServer(LeanServer server, Listeners listeners, ConcurrentQueue<string> log)
        {
            Server = server;
            Listeners = listeners;
            Log = log;
        }

        public LeanServer Server { get; }

        public Listeners Listeners { get; }

        public ConcurrentQueue<string> Log { get; }

        public static async Task<RunningServer> StartAsync(ConnectionHandler handler, ConnectionOptions? options = null)
        {
            var services = new ServiceCollection().AddSingleton(handler.GetType(), handler).BuildServiceProvider();
            var listeners = new Listeners();
            var log = new ConcurrentQueue<string>();
            var server = new LeanServer(
                [new DoorBinding("test", new IPEndPoint(IPAddress.Loopback, 0), handler.GetType(), "full\n")],
                services,
                Options.Create(options ?? new ConnectionOptions()),
                listeners,
                new QueueLogger(log));
            await server.StartAsync(new NoApplication(), CancellationToken.None);
            return new RunningServer(server, listeners, log);
        }

        public async Task<Socket> ConnectAsync()
        {
            var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await peer.ConnectAsync(Listeners.EndPointOf("test")!).WaitAsync(Waits.Short);
                return peer;
            }
            catch
            {
                peer.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            using var expired = new CancellationTokenSource();
            await expired.CancelAsync();
            await Server.StopAsync(expired.Token);
            Server.Dispose();
        }
    }

    /// <summary>Echoes the first bytes it reads, then returns.</summary>
    private sealed class EchoOnceHandler : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            var result = await connection.Transport.Input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await connection.Transport.Output.WriteAsync(segment);
            }

            connection.Transport.Input.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>Fails at once on its first connection, and after its first read on the next.</summary>
    private sealed class FailingHandler : ConnectionHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task OnConnectedAsync(ConnectionContext connection) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("fails at once") : FailLaterAsync(connection);

        private static async Task FailLaterAsync(ConnectionContext connection)
        {
            await connection.Transport.Input.ReadAsync();
            throw new InvalidOperationException("fails after a read");
        }
    }

    /// <summary>Reads until the connection ends or is aborted, like a session whose client stays.</summary>
    private sealed class ReadUntilEndHandler : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            try
            {
                while (true)
                {
                    var result = await connection.Transport.Input.ReadAsync();
                    connection.Transport.Input.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }
                }
            }
            catch (ConnectionAbortedException)
            {
            }
        }
    }

    private sealed class NoApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
