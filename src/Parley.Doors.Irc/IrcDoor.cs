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
/// </summary>
public sealed class IrcDoor(HubLoop loop, IrcOptions options, ConnectionOptions connectionOptions, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Parley.Doors.Irc");
    private readonly ConcurrentDictionary<(IrcCaps, bool), IrcFormat> _formats = new();

    public IrcOptions Options { get; } = options;

    internal ILogger Logger => _logger;

    /// <summary>The server's name: the source of its own messages.</summary>
    public string ServerName => loop.Hub.Options.ServerName;

    public IrcSession CreateSession(IDuplexPipe transport, EndPoint? remote) =>
        new(this, loop, transport, remote, connectionOptions, _logger);

    /// <summary>The shared format of a capability set; <paramref name="direct"/>: for events addressed to the reader alone.</summary>
    public IrcFormat FormatFor(IrcCaps caps, bool direct) =>
        _formats.GetOrAdd((caps, direct), static (key, server) => new IrcFormat(server, key.Item1, key.Item2), ServerName);

    /// <summary>Formats made so far (tests check that equal capability sets share one).</summary>
    public int FormatCount => _formats.Count;
}
