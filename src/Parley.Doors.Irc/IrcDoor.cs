using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Core.Hubs;
using Parley.Core.Sessions;

namespace Parley.Doors.Irc;

/// <summary>
/// The IRC front door: makes an <see cref="IrcSession"/> for each connection, whatever carries it, and keeps the
/// shared <see cref="IrcFormat"/>s: one per capability set and delivery kind, made on first use and kept, so that
/// every client with the same capabilities shares one rendering of each event.
/// Timeouts (registration, keepalive PING) are checked by one sweep over the door's connections on the hub's
/// thread, as ircds do, rather than a timer per connection: an idle connection then costs no timer, and the hub
/// gets one work item per period instead of one per connection.
/// </summary>
public sealed class IrcDoor(HubLoop loop, IrcOptions options, ConnectionOptions connectionOptions, ILoggerFactory loggers) : IDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("Parley.Doors.Irc");
    private readonly ConcurrentDictionary<(IrcCaps, bool), IrcFormat> _formats = new();
    private readonly ConcurrentDictionary<IrcSession, byte> _connections = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _sweepGate = new();
    private ITimer? _sweep;
    private int _sweepQueued;
    private bool _disposed;

    public IrcOptions Options { get; } = options;

    internal ILogger Logger => _logger;

    /// <summary>The server's name: the source of its own messages.</summary>
    public string ServerName => loop.Hub.Options.ServerName;

    public IrcSession CreateSession(IDuplexPipe transport, EndPoint? remote) =>
        new(this, loop, transport, remote, connectionOptions, _logger);

    /// <summary>The shared format of a capability set; <paramref name="direct"/>: for events addressed to the reader alone.</summary>
    public IrcFormat FormatFor(IrcCaps caps, bool direct) =>
        _formats.GetOrAdd((caps, direct), static (key, server) => new IrcFormat(server, key.Item1, key.Item2), ServerName);

    /// <summary>Connections of this door that are open (for the timeout sweep).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>How often the sweep looks at every connection: a quarter of the shortest timeout, at least 50 ms.</summary>
    internal TimeSpan SweepPeriod => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks,
        Math.Min(Options.RegistrationTimeout.Ticks, Math.Min(Options.PingInterval.Ticks, Options.PingTimeout.Ticks)) / 4));

    /// <summary>Adds a connection to the timeout sweep (started with the first one). Any thread.</summary>
    internal void Track(IrcSession session)
    {
        _connections.TryAdd(session, 0);
        lock (_sweepGate)
        {
            if (_sweep is null && !_disposed)
            {
                _sweep = loop.Hub.Time.CreateTimer(static door => ((IrcDoor)door!).QueueSweep(), this, SweepPeriod, SweepPeriod);
            }
        }
    }

    /// <summary>Takes a closed connection out of the sweep. Any thread; more than once is harmless.</summary>
    internal void Forget(IrcSession session) => _connections.TryRemove(session, out _);

    public void Dispose()
    {
        lock (_sweepGate)
        {
            _disposed = true;
            _sweep?.Dispose();
            _sweep = null;
        }
    }

    /// <summary>On the timer's thread: posts one sweep, unless the previous one has not run yet (a busy hub).</summary>
    private void QueueSweep()
    {
        if (Interlocked.Exchange(ref _sweepQueued, 1) == 0 && !loop.Post(new DelegateWork(null, Sweep)))
        {
            Volatile.Write(ref _sweepQueued, 0);
        }
    }

    private void Sweep(Hub hub)
    {
        Volatile.Write(ref _sweepQueued, 0);
        foreach (var connection in _connections)
        {
            connection.Key.CheckTimers(hub);
        }
    }

    /// <summary>Formats made so far (tests check that equal capability sets share one).</summary>
    public int FormatCount => _formats.Count;
}
