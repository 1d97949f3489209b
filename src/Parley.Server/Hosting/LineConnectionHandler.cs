using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Parley.Core.Sessions;
using Parley.Doors.Line;

namespace Parley.Server.Hosting;

/// <summary>Kestrel's entry to the line door (port 5015).</summary>
public sealed class LineConnectionHandler(LineDoor door, IOptions<ConnectionOptions> options, ILogger<LineConnectionHandler> logger)
    : DoorConnectionHandler(options, logger)
{
    protected override string DoorName => "line";

    protected override PipeSession CreateSession(ConnectionContext connection) =>
        door.CreateSession(connection.Transport, connection.RemoteEndPoint);
}
