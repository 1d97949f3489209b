using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Parley.Core.Sessions;
using Parley.Server.Transport;

namespace Parley.Server.Hosting;

/// <summary>Per-connection socket options Kestrel does not set for raw TCP: TCP keepalive (to find vanished peers).</summary>
internal static class SocketTuning
{
    /// <summary>For a connection of Kestrel's socket transport (the lean transport sets them on its listening socket).</summary>
    public static void Apply(ConnectionContext connection, ConnectionOptions options)
    {
        if (connection is LeanConnection || connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return;
        }

        ApplyKeepAlive(socket, options);
    }

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
