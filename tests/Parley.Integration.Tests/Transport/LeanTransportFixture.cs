using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Sessions;
using Parley.Server.Transport;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

/// <summary>One real loopback connection through the lean transport: the server's end and the peer's socket.</summary>
internal sealed class LeanTransportFixture : IAsyncDisposable
{
    private readonly LeanListener _listener;
    private readonly ReadLoops? _loops;

    private LeanTransportFixture(LeanListener listener, ReadLoops? loops, LeanConnection server, Socket peer)
    {
        _listener = listener;
        _loops = loops;
        Server = server;
        Peer = peer;
    }

    public LeanConnection Server { get; }

    public Socket Peer { get; }

    /// <param name="onLoop">Whether a <see cref="ReadLoop"/> of our own reads the connection (else .NET's socket engine).</param>
    public static async Task<LeanTransportFixture> ConnectAsync(ConnectionOptions? options = null, bool onLoop = false)
    {
        var loops = onLoop ? new ReadLoops(1, NullLogger.Instance) : null;
        var listener = LeanListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), options ?? new ConnectionOptions(), loops);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(listener.EndPoint).WaitAsync(Waits.Short);
        var server = (await listener.AcceptConnectionAsync().AsTask().WaitAsync(Waits.Short))!;
        return new LeanTransportFixture(listener, loops, server, peer);
    }

    /// <summary>Reads until the server's input has at least <paramref name="count"/> bytes or ends; consumes nothing.</summary>
    public async Task<System.IO.Pipelines.ReadResult> ReadAtLeastAsync(int count)
    {
        while (true)
        {
            var result = await Server.Input.ReadAsync().AsTask().WaitAsync(Waits.Short);
            if (result.Buffer.Length >= count || result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            Server.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Everything the peer receives until the server's end closes.</summary>
    public async Task<byte[]> PeerReadToEndAsync()
    {
        using var received = new MemoryStream();
        var chunk = new byte[65536];
        int n;
        while ((n = await Peer.ReceiveAsync(chunk).WaitAsync(Waits.Short)) > 0)
        {
            received.Write(chunk, 0, n);
        }

        return received.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Peer.Dispose();
        await Server.DisposeAsync();
        _listener.Dispose();
        _loops?.Dispose();
    }
}
