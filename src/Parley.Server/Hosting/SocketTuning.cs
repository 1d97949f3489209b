using System.Net.Sockets;
using Parley.Core.Sessions;

namespace Parley.Server.Hosting;

/// <summary>
/// Socket options Kestrel does not set for raw TCP: TCP keepalive (to find vanished peers). Both transports set them
/// once, on the listening socket (the lean one when it binds, Kestrel's through
/// <c>SocketTransportOptions.CreateBoundListenSocket</c>): Linux copies them to every socket it accepts, so a
/// connection costs no system call for them.
/// </summary>
internal static class SocketTuning
{
    /// <summary>TCP keepalive as configured (nothing when <see cref="ConnectionOptions.KeepAliveIdle"/> is zero).</summary>
    public static void ApplyKeepAlive(Socket socket, ConnectionOptions options)
    {
        if (options.KeepAliveIdle <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, Seconds(options.KeepAliveIdle));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Seconds(options.KeepAliveInterval));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, options.KeepAliveProbes);
        }
        catch (SocketException)
        {
            // The peer may already be gone; the reader will find out.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
