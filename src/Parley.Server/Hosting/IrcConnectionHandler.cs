using Microsoft.AspNetCore.Connections;
using Parley.Core.Sessions;
using Parley.Doors.Irc;

namespace Parley.Server.Hosting;

/// <summary>Kestrel's entry to the IRC door (port 6667).</summary>
public sealed class IrcConnectionHandler(IrcDoor door, ILogger<IrcConnectionHandler> logger)
    : DoorConnectionHandler(logger)
{
    protected override string DoorName => "irc";

    protected override PipeSession CreateSession(ConnectionContext connection) =>
        door.CreateSession(connection.Transport, connection.RemoteEndPoint);
}
