using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Parley.Core.Sessions;
using Parley.Server.Hosting;

namespace Parley.Server.Transport;

/// <summary>
/// The server of the raw TCP doors (line and IRC) on the lean transport: binds each door's listening socket, accepts,
/// and runs the door's <see cref="ConnectionHandler"/> on each <see cref="LeanConnection"/>. It takes Kestrel's
/// place as the host's <see cref="IServer"/> (docs/concurrency.md, *Transport*).
/// </summary>
/// <remarks>
/// Why not Kestrel's dispatcher: for every connection it keeps a connection object, two connection-table entries, a
/// cancellation source, a logging scope with its execution context, metrics and the state machine that awaits the
/// handler, about 800 bytes for as long as the connection lives; and it hands each accepted connection to another
/// thread. Here a connection costs its links in <see cref="LiveConnections"/> and one callback, and the handler
/// starts on the accepting thread: it only sets up the session and returns at its first read.
/// The doors' handlers, the connection context and the shutdown order are Kestrel's contract, unchanged:
/// <c>Parley:Connection:Transport=Kestrel</c> runs the same handlers on Kestrel.
/// </remarks>
internal sealed partial class LeanServer(
    IReadOnlyList<DoorBinding> doors,
    IServiceProvider services,
    IOptions<ConnectionOptions> options,
    Listeners listeners,
    ILogger<LeanServer> logger) : IServer
{
    /// <summary>How long accepting pauses when the process or the system is out of descriptors or buffers.</summary>
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(50);

    /// <summary>How long aborted connections get to end after the shutdown timeout.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    private readonly LiveConnections _live = new();
    private readonly List<LeanListener> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private int _maxConnections;
    private ReadLoops? _readLoops;

    /// <summary>Connections running now (tests and diagnostics).</summary>
    internal int LiveCount => _live.Count;

    /// <summary>No HTTP features: the doors are raw TCP.</summary>
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        // Every door is bound before any accepts, so a port in use fails the start-up as a whole.
        var bound = new List<(DoorBinding Door, LeanListener Listener)>();
        if (options.Value.EffectiveReadLoops > 0 && Epoll.IsSupported)
        {
            _readLoops = new ReadLoops(options.Value.EffectiveReadLoops, logger);
        }

        try
        {
            foreach (var door in doors)
            {
                bound.Add((door, Bind(door.EndPoint)));
            }
        }
        catch
        {
            bound.ForEach(b => b.Listener.Dispose());
            _readLoops?.Dispose();
            throw;
        }

        _maxConnections = options.Value.MaxConnections > 0 ? options.Value.MaxConnections : DescriptorLimit.ConnectionsThatFit();
        Log.MaxConnections(logger, _maxConnections);
        foreach (var (door, listener) in bound)
        {
            var handler = (ConnectionHandler)services.GetRequiredService(door.HandlerType);
            listeners.Add(door.Door, () => (IPEndPoint)listener.EndPoint);
            _listeners.Add(listener);
            _acceptLoops.Add(AcceptLoopAsync(listener, handler, door));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, then waits for the connections to end: the hub closes every session gracefully when the
    /// application stops (HubService). Connections still open when <paramref name="cancellationToken"/> fires (the
    /// host's shutdown timeout) are aborted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        try
        {
            await _live.WhenEmpty().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.Aborting(logger, _live.Count);
            _live.AbortAll("The server is shutting down.");
            try
            {
                await _live.WhenEmpty().WaitAsync(AbortGrace, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.NotAllEnded(logger, _live.Count);
            }
        }

        _readLoops?.Dispose();
    }

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _readLoops?.Dispose();
    }

    /// <summary>Binds a door, with the error Kestrel gives for a port in use, so start-up reports it the same way.</summary>
    private LeanListener Bind(IPEndPoint endPoint)
    {
        try
        {
            return LeanListener.Bind(endPoint, options.Value, _readLoops);
        }
        catch (AddressInUseException e)
        {
            throw new IOException($"Failed to bind to address {endPoint}: address already in use.", e);
        }
        catch (SocketException e)
        {
            throw new IOException($"Failed to bind to address {endPoint}: {e.Message}", e);
        }
    }

    private async Task AcceptLoopAsync(LeanListener listener, ConnectionHandler handler, DoorBinding door)
    {
        var refusal = System.Text.Encoding.UTF8.GetBytes(door.FullRefusal);
        var failing = false;
        var full = false;
        while (true)
        {
            LeanConnection? connection;
            try
            {
                connection = await listener.AcceptConnectionAsync().ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                // Out of descriptors or buffers: the connection stays in the backlog, and trying again at once would
                // spin. Pause; connections that end meanwhile free what the next accept needs. Logged once per
                // episode, not once per try.
                if (!failing)
                {
                    failing = true;
                    Log.AcceptFailed(logger, door.Door, e.SocketErrorCode);
                }

                await Task.Delay(AcceptBackoff).ConfigureAwait(false);
                continue;
            }

            if (connection is null)
            {
                return;
            }

            if (failing)
            {
                failing = false;
                Log.AcceptingAgain(logger, door.Door);
            }

            if (_live.Count >= _maxConnections)
            {
                if (!full)
                {
                    full = true;
                    Log.Full(logger, door.Door, _maxConnections);
                }

                connection.Refuse(refusal);
                continue;
            }

            full = false;
            Run(connection, handler);
        }
    }

    private void Run(LeanConnection connection, ConnectionHandler handler)
    {
        _live.Add(connection);
        Task running;
        try
        {
            running = handler.OnConnectedAsync(connection);
        }
        catch (Exception ex)
        {
            running = Task.FromException(ex);
        }

        if (running.IsCompleted)
        {
            End(connection, running);
        }
        else
        {
            connection.OnHandlerEnded(running, this);
        }
    }

    /// <summary>After the handler returned (or failed): closes the socket, then forgets the connection.</summary>
    internal void End(LeanConnection connection, Task handler)
    {
        if (handler.Exception is { } failure)
        {
            Log.HandlerFailed(logger, connection.ConnectionId, failure.InnerException ?? failure);
        }

        connection.Dispose();
        _live.Remove(connection);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "Accepting on the {Door} door failed ({Error}); new connections wait until descriptors are free")]
        public static partial void AcceptFailed(ILogger logger, string door, SocketError error);

        [LoggerMessage(EventId = 415, Level = LogLevel.Warning, Message = "The server is full ({Max} connections): refusing new connections on the {Door} door")]
        public static partial void Full(ILogger logger, string door, int max);

        [LoggerMessage(EventId = 416, Level = LogLevel.Information, Message = "Accepting at most {Max} connections")]
        public static partial void MaxConnections(ILogger logger, int max);

        [LoggerMessage(EventId = 414, Level = LogLevel.Information, Message = "Accepting on the {Door} door again")]
        public static partial void AcceptingAgain(ILogger logger, string door);

        [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Connection {ConnectionId}: its handler failed")]
        public static partial void HandlerFailed(ILogger logger, string connectionId, Exception exception);

        [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Shutdown timed out: aborting {Count} connections")]
        public static partial void Aborting(ILogger logger, int count);

        [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "{Count} connections did not end after being aborted")]
        public static partial void NotAllEnded(ILogger logger, int count);
    }
}
