using Microsoft.AspNetCore.Connections;
using Parley.Core.Sessions;
using Parley.Doors.Line;

namespace Parley.Server.Hosting;

/// <summary>Kestrel's entry to the line door (port 5015).</summary>
public sealed class LineConnectionHandler(LineDoor door, ILogger<LineConnectionHandler> logger)
    : DoorConnectionHandler(logger)
{
    protected override string DoorName => "line";

    protected override PipeSession CreateSession(ConnectionContext connection) =>
        door.CreateSession(connection.Transport, connection.RemoteEndPoint);
}
