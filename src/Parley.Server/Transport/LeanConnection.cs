using System.Collections;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Parley.Server.Transport;

/// <summary>
/// One accepted TCP connection of the <see cref="LeanServer"/>: the connection context a door's connection handler
/// runs on, its own duplex pipe (<see cref="SocketInput"/> and <see cref="SocketOutput"/> over the socket) and its
/// own small feature collection.
/// </summary>
/// <remarks>
/// One object carries what Kestrel's socket transport spreads over a dozen: the context, the pipe pair, the
/// features. Features a handler adds go into a small array searched in order (none today); the socket feature is
/// answered without one.
/// </remarks>
internal sealed class LeanConnection : ConnectionContext, IDuplexPipe, IFeatureCollection, IConnectionSocketFeature
{
    private static long _lastId;

    private readonly Socket _socket;
    private readonly SocketInput _input;
    private readonly SocketOutput _output;
    private readonly long _id;
    private readonly ReadLoop? _loop;
    private string? _connectionId;
    private EndPoint? _localEndPoint;
    private IDuplexPipe? _transport;
    private IDictionary<object, object?>? _items;
    private KeyValuePair<Type, object>[]? _features;
    private int _featureCount;
    private int _revision;
    private int _closed;
    private Task? _handler;
    private LeanServer? _server;

    /// <param name="loop">The read loop that reports this socket's arrivals, or null for .NET's socket engine.</param>
    public LeanConnection(Socket socket, int maxReadBuffer, ReadLoop? loop = null)
    {
        _socket = socket;
        _id = Interlocked.Increment(ref _lastId);
        _input = new SocketInput(socket, maxReadBuffer, onLoop: loop is not null);
        _output = new SocketOutput(socket, _input);
        // The remote address came with the accept (the socket holds it already); the local one is asked for on use.
        RemoteEndPoint = socket.RemoteEndPoint;
        loop?.Add(_id, socket, _input);
        _loop = loop;
    }

    /// <summary>
    /// Asked of the socket on first use, not at accept: on a wildcard bind (the default) that is a system call
    /// (<c>getsockname</c>) and an address object for every connection, and no door reads it.
    /// </summary>
    public override EndPoint? LocalEndPoint
    {
        get
        {
            if (_localEndPoint is null)
            {
                try
                {
                    _localEndPoint = _socket.LocalEndPoint;
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                    // Closed already: there is no local end any more.
                }
            }

            return _localEndPoint;
        }
        set => _localEndPoint = value;
    }

    public override string ConnectionId
    {
        get => _connectionId ??= "P" + _id.ToString("X", CultureInfo.InvariantCulture);
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => this;

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    /// <summary>The pipe the handler reads and writes: this connection itself, unless middleware wrapped it (TLS).</summary>
    public override IDuplexPipe Transport
    {
        get => _transport ?? this;
        set => _transport = value;
    }

    PipeReader IDuplexPipe.Input => _input;

    PipeWriter IDuplexPipe.Output => _output;

    Socket IConnectionSocketFeature.Socket => _socket;

    internal SocketInput Input => _input;

    internal SocketOutput Output => _output;

    /// <summary>Links of the <see cref="LiveConnections"/> list, owned by it.</summary>
    internal LeanConnection? PreviousLive { get; set; }

    internal LeanConnection? NextLive { get; set; }

    bool IFeatureCollection.IsReadOnly => false;

    int IFeatureCollection.Revision => _revision;

    object? IFeatureCollection.this[Type key]
    {
        get => FindFeature(key);
        set => SetFeature(key, value);
    }

    /// <summary>Cuts the connection at once: pending reads and sends end, queued bytes are dropped.</summary>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        _input.Abort(abortReason);
        Close();
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return base.DisposeAsync();
    }

    /// <summary>Once the handler has returned: closes the socket after the last bytes sent.</summary>
    internal void Dispose()
    {
        _input.Complete();
        _output.Complete();
        Close();
        _input.DisposeArgs();
        _output.DisposeArgs();
    }

    /// <summary>Turns the connection away before any handler runs: the refusal if the socket takes it at once, then the close.</summary>
    internal void Refuse(ReadOnlySpan<byte> refusal)
    {
        _socket.Send(refusal, SocketFlags.None, out _);
        Dispose();
    }

    /// <summary>Tells <paramref name="server"/> when the handler's task ends, with one callback and no wrapper task.</summary>
    internal void OnHandlerEnded(Task handler, LeanServer server)
    {
        _handler = handler;
        _server = server;
        handler.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(HandlerEnded);
    }

    TFeature? IFeatureCollection.Get<TFeature>() where TFeature : default => (TFeature?)FindFeature(typeof(TFeature));

    void IFeatureCollection.Set<TFeature>(TFeature? instance) where TFeature : default => SetFeature(typeof(TFeature), instance);

    IEnumerator<KeyValuePair<Type, object>> IEnumerable<KeyValuePair<Type, object>>.GetEnumerator()
    {
        yield return new KeyValuePair<Type, object>(typeof(IConnectionSocketFeature), this);
        for (var i = 0; i < _featureCount; i++)
        {
            yield return _features![i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<Type, object>>)this).GetEnumerator();

    /// <summary>
    /// Shutdown first, so the peer gets the bytes already sent and then a FIN; then the socket is closed, which ends
    /// any receive or send still waiting.
    /// </summary>
    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _loop?.Remove(_id);

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    private void HandlerEnded() => _server!.End(this, _handler!);

    private object? FindFeature(Type key)
    {
        if (key == typeof(IConnectionSocketFeature))
        {
            return this;
        }

        for (var i = 0; i < _featureCount; i++)
        {
            if (_features![i].Key == key)
            {
                return _features[i].Value;
            }
        }

        return null;
    }

    private void SetFeature(Type key, object? value)
    {
        _revision++;
        for (var i = 0; i < _featureCount; i++)
        {
            if (_features![i].Key != key)
            {
                continue;
            }

            if (value is null)
            {
                _features[i] = _features[--_featureCount];
                _features[_featureCount] = default;
            }
            else
            {
                _features[i] = new KeyValuePair<Type, object>(key, value);
            }

            return;
        }

        if (value is null)
        {
            return;
        }

        _features ??= new KeyValuePair<Type, object>[4];
        if (_featureCount == _features.Length)
        {
            Array.Resize(ref _features, _features.Length * 2);
        }

        _features[_featureCount++] = new KeyValuePair<Type, object>(key, value);
    }
}
