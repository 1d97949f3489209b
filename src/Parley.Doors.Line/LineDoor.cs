using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Core.Hubs;
using Parley.Core.Sessions;

namespace Parley.Doors.Line;

/// <summary>The line protocol's front door: makes a <see cref="LineSession"/> for each connection, whatever carries it.</summary>
public sealed class LineDoor(HubLoop loop, LineOptions options, ConnectionOptions connectionOptions, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("Parley.Doors.Line");

    public LineOptions Options { get; } = options;

    public LineSession CreateSession(IDuplexPipe transport, EndPoint? remote) =>
        new(this, loop, transport, remote, connectionOptions, _logger);
}
