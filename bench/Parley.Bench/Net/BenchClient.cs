using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Bench.Net;

/// <summary>
/// One generator connection: a socket, a reader loop that splits lines in place (no per-line
/// allocation) and hands them to a sink, and a send path serialised by a lock so PONG replies
/// from the reader and messages from a sender never interleave.
/// </summary>
public sealed class BenchClient : IAsyncDisposable
{
    // IP_BIND_ADDRESS_NO_PORT (linux/in.h): with bind() before connect(), the kernel would pick a
    // port unique per source address across *all* destinations; this defers the choice to
    // connect() so ports are unique per 4-tuple only, as with a plain connect.
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly List<byte[]> _pendingControl = [];
    private LineMatch? _waiter;
    private TaskCompletionSource<string>? _waiterResult;
    private volatile bool _disposing;

    private BenchClient(Socket socket, int id, int bufferSize)
    {
        _socket = socket;
        Id = id;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Index of this client in its scenario; also its id in message payloads.</summary>
    public int Id { get; }

    public string Nick { get; set; } = "";

    /// <summary>The reader loop, once started; completes when the connection ends.</summary>
    public Task Reader { get; set; } = Task.CompletedTask;

    /// <summary>Payload messages received; written only by this client's reader loop.</summary>
    public long Delivered;

    /// <summary>Lines received so far; written only by this client's reader loop.</summary>
    public long LinesReceived;

    /// <summary>Set when the server closed the connection (or it failed) before we disposed it.</summary>
    public bool LostConnection { get; private set; }

    public static async Task<BenchClient> ConnectAsync(
        EndPoint server, IPAddress? source, int id, int bufferSize, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            // Messages are small and latency is what we measure: never let Nagle hold one back.
            NoDelay = true,
        };
        try
        {
            if (source is not null)
            {
                TrySetBindAddressNoPort(socket);
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(server, ct);
            return new BenchClient(socket, id, bufferSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void TrySetBindAddressNoPort(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
            // Older kernels: fall back to the plain bind; only the port budget differs.
        }
    }

    /// <summary>
    /// Arms a handshake wait. Call before sending the command whose reply it waits for, so a
    /// fast reply cannot slip past. Returns the matching line's text.
    /// </summary>
    public Task<string> Expect(LineMatch match)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pendingControl)
        {
            _waiterResult = tcs;
            _waiter = match;
        }

        return tcs.Task;
    }

    /// <summary>Queues a reply (PONG) to send once the current receive buffer is processed.</summary>
    public void QueueControl(byte[] line)
    {
        lock (_pendingControl)
        {
            _pendingControl.Add(line);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            // On Unix an async send on a stream socket completes only when every byte is queued.
            await _socket.SendAsync(data, SocketFlags.None, ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public ValueTask SendAsync(string line, CancellationToken ct = default) =>
        SendAsync(Encoding.UTF8.GetBytes(line), ct);

    /// <summary>Reads until the peer closes or the client is disposed; never throws.</summary>
    public async Task RunReaderAsync(ILineSink sink)
    {
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == _buffer.Length)
                {
                    // A line longer than the whole buffer: drop it (a bench payload never is).
                    filled = 0;
                }

                var n = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                filled = ProcessLines(sink, filled + n);
                await FlushControlAsync();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Expected on dispose, or when the server drops us (reported as LostConnection).
        }

        if (!_disposing)
        {
            LostConnection = true;
        }

        FailWaiter("connection closed");
    }

    /// <summary>Dispatches every complete line in the buffer; moves the partial tail to the front.</summary>
    private int ProcessLines(ILineSink sink, int length)
    {
        var span = _buffer.AsSpan(0, length);
        var start = 0;
        while (true)
        {
            var nl = span[start..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            var line = span.Slice(start, nl);
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            LinesReceived++;
            if (_waiter is not null)
            {
                CheckWaiter(line);
            }

            sink.OnLine(this, line);
            start += nl + 1;
        }

        var rest = length - start;
        if (rest > 0 && start > 0)
        {
            span[start..].CopyTo(_buffer);
        }

        return rest;
    }

    private void CheckWaiter(ReadOnlySpan<byte> line)
    {
        lock (_pendingControl)
        {
            if (_waiter is null)
            {
                return;
            }

            var result = _waiter(line);
            if (result == MatchResult.None)
            {
                return;
            }

            var tcs = _waiterResult!;
            _waiter = null;
            _waiterResult = null;
            var text = Encoding.UTF8.GetString(line);
            if (result == MatchResult.Matched)
            {
                tcs.TrySetResult(text);
            }
            else
            {
                tcs.TrySetException(new InvalidOperationException($"server refused: {text}"));
            }
        }
    }

    private void FailWaiter(string reason)
    {
        lock (_pendingControl)
        {
            _waiterResult?.TrySetException(new InvalidOperationException(reason));
            _waiter = null;
            _waiterResult = null;
        }
    }

    private async ValueTask FlushControlAsync()
    {
        byte[][] pending;
        lock (_pendingControl)
        {
            if (_pendingControl.Count == 0)
            {
                return;
            }

            pending = [.. _pendingControl];
            _pendingControl.Clear();
        }

        foreach (var line in pending)
        {
            await SendAsync(line);
        }
    }

    /// <summary>Half-closes our side (after QUIT) and waits for the server to close, bounded.</summary>
    public void Shutdown()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposing = true;
        _socket.Dispose();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
