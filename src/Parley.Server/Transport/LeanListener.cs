using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Parley.Core.Sessions;
using Parley.Server.Hosting;

namespace Parley.Server.Transport;

/// <summary>A listening socket of the <see cref="LeanServer"/>; each accepted socket becomes a <see cref="LeanConnection"/>.</summary>
internal sealed class LeanListener : IDisposable
{
    private readonly Socket _socket;
    private readonly ConnectionOptions _options;
    private readonly ReadLoops? _loops;
    private readonly AcceptReadiness? _readiness;

    private LeanListener(Socket socket, ConnectionOptions options, ReadLoops? loops)
    {
        _socket = socket;
        _options = options;
        _loops = loops;
        EndPoint = socket.LocalEndPoint!;
        _readiness = loops is null ? null : new AcceptReadiness(loops.Next(), socket);
    }

    /// <summary>The bound address: for port 0, the port the system chose.</summary>
    public EndPoint EndPoint { get; }

    /// <param name="loops">The read loops that read the accepted connections, or null for .NET's socket engine.</param>
    public static LeanListener Bind(IPEndPoint endPoint, ConnectionOptions options, ReadLoops? loops = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            // Set once here rather than on every accepted socket: Linux copies a listening socket's options to the
            // sockets it accepts, which saves five system calls per connection.
            socket.NoDelay = true;
            SocketTuning.ApplyKeepAlive(socket, options);
            socket.Bind(endPoint);
            socket.Listen(options.ListenBacklog);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new LeanListener(socket, options, loops);
    }

    /// <summary>
    /// The next connection, or null once the listener is closed. Throws <see cref="SocketException"/> only when the
    /// process or the system is out of descriptors or buffers: the connection then stays in the backlog, and the
    /// caller decides how long to wait before trying again.
    /// </summary>
    public async ValueTask<LeanConnection?> AcceptConnectionAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // On a read loop, accept only when the loop reports a connection waiting: the accept then completes at
            // once, on the loop's thread.
            if (_readiness is not null && !await _readiness.WaitAsync())
            {
                return null;
            }

            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                throw;
            }
            catch (SocketException)
            {
                // Reset while it waited in the backlog: take the next one.
                continue;
            }
            finally
            {
                _readiness?.Rearm();
            }

            try
            {
                // No Nagle delay and TCP keepalive come from the listening socket. Sends are tried at once and never
                // block a thread; one the kernel cannot take yet waits asynchronously.
                accepted.Blocking = false;
                return new LeanConnection(accepted, _options.MaxReadBufferBytes, _loops?.Next());
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Gone before it could be set up (or its watch refused: out of memory for epoll).
                accepted.Dispose();
            }
        }
    }

    /// <summary>Closes the listening socket: a waiting accept returns null.</summary>
    public void Dispose()
    {
        _readiness?.Close();
        _socket.Dispose();
    }
}
