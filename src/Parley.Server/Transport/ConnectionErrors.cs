using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Parley.Server.Transport;

/// <summary>The exceptions a socket error becomes, the same kinds Kestrel's own transport raises.</summary>
internal static class ConnectionErrors
{
    public static Exception ForReceive(SocketError error) => error switch
    {
        // Closed or cut on this side (Abort, shutdown): not the peer's doing.
        SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument or SocketError.NotSocket =>
            new ConnectionAbortedException("The connection was aborted."),
        _ when IsPeerGone(error) => new ConnectionResetException(error.ToString(), new SocketException((int)error)),
        _ => new SocketException((int)error),
    };

    /// <summary>Errors that only mean the peer is no longer there (reset, vanished, keepalive gave up).</summary>
    public static bool IsPeerGone(SocketError error) => error is SocketError.ConnectionReset or SocketError.ConnectionAborted
        or SocketError.Shutdown or SocketError.NetworkReset or SocketError.NetworkDown or SocketError.NetworkUnreachable
        or SocketError.HostUnreachable or SocketError.HostDown or SocketError.TimedOut or SocketError.NotConnected;
}
