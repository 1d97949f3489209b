using System.Net.Sockets;

namespace Parley.Client.Connection;

/// <summary>
/// Short, lower-case reasons for the socket errors a user actually meets, so the client's messages
/// read like "cannot connect to host:5015: connection refused" instead of an exception dump.
/// </summary>
internal static class SocketErrorText
{
    public static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.Shutdown => "server closed the connection",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound => "unknown host",
        SocketError.TryAgain => "host name lookup failed (try again)",
        SocketError.NoData => "host has no address",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.NetworkDown => "network down",
        SocketError.AddressNotAvailable => "address not available",
        _ => error.ToString(),
    };

    /// <summary>Finds the socket error behind an I/O exception (NetworkStream wraps it in an IOException).</summary>
    public static string Describe(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socketException)
            {
                return Describe(socketException.SocketErrorCode);
            }
        }

        return exception.Message;
    }
}
