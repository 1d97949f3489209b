using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Parley.Testing;

/// <summary>
/// A line-oriented TCP client for tests: a background reader collects received lines into a channel, so tests wait
/// for the line they expect with a timeout. Used for the line protocol and, with CRLF, for IRC.
/// </summary>
public class TextClient : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly Task _reader;
    private readonly string _newline;

    protected TextClient(Socket socket, string newline)
    {
        Socket = socket;
        Stream = new NetworkStream(socket, ownsSocket: false);
        _newline = newline;
        _reader = Task.Run(ReadLoopAsync);
    }

    public Socket Socket { get; }
    public NetworkStream Stream { get; }

    /// <summary>Every line received so far, in order (including those consumed by waits).</summary>
    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>The last lines seen, shortened, for failure messages.</summary>
    public string Tail() => string.Join('\n', Seen.TakeLast(20).Select(l => l.Length > 160 ? l[..160] + "…" : l));

    /// <summary>Completes when the server closed the connection.</summary>
    public Task Closed => _reader;

    public static async Task<TextClient> ConnectAsync(IPEndPoint endPoint, string newline = "\n", int? receiveBuffer = null)
    {
        var socket = await ConnectSocketAsync(endPoint, receiveBuffer);
        return new TextClient(socket, newline);
    }

    protected static async Task<Socket> ConnectSocketAsync(IPEndPoint endPoint, int? receiveBuffer)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(endPoint);
        return socket;
    }

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + _newline));

    public async Task SendRawAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    /// <summary>The next line, or a TimeoutException.</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Waits.Short);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No line within the timeout. Seen:\n" + Tail());
        }
        catch (ChannelClosedException)
        {
            throw new IOException("Connection closed. Seen:\n" + Tail());
        }
    }

    /// <summary>Reads lines until one matches; returns it. Lines before it are consumed.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Waits.Short);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {what ?? "a line"}; seen:\n" + Tail());
            }

            string line;
            try
            {
                line = await ReadLineAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Expected {what ?? "a line"}; seen:\n" + Tail());
            }

            if (match(line))
            {
                return line;
            }
        }
    }

    public Task<string> ExpectContainsAsync(string text, TimeSpan? timeout = null) =>
        ExpectAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, $"a line containing \"{text}\"");

    /// <summary>Waits until the server closes the connection; returns the lines not yet consumed.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        await _reader.WaitAsync(timeout ?? Waits.Short);
        var rest = new List<string>();
        while (_lines.Reader.TryRead(out var line))
        {
            rest.Add(line);
        }

        return rest;
    }

    /// <summary>Drops what was received and not yet consumed.</summary>
    public void Drain()
    {
        while (_lines.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Ends the connection with a TCP reset instead of a close.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Socket.Dispose();
        try
        {
            await _reader.WaitAsync(Waits.Short);
        }
        catch (Exception)
        {
            // The reader ends with the socket; how does not matter here.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await Stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] == (byte)'\n')
                    {
                        var count = pending.Count > 0 && pending[^1] == (byte)'\r' ? pending.Count - 1 : pending.Count;
                        var line = Encoding.UTF8.GetString([.. pending.Take(count)]);
                        pending.Clear();
                        lock (_seen)
                        {
                            _seen.Add(line);
                        }

                        _lines.Writer.TryWrite(line);
                    }
                    else
                    {
                        pending.Add(buffer[i]);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
