using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Client.Connection;

/// <summary>
/// One connection to a Parley line port: read lines, send lines, half-close. It knows nothing of the
/// console, so the line front (<see cref="ConsoleFront"/>) and a later full-screen UI can share it.
/// </summary>
/// <remarks>
/// Concurrency contract: one reader and one sender may run at the same time (the receive loop and
/// the keyboard loop), but <see cref="ReadLineAsync"/> must not be called concurrently with itself,
/// nor <see cref="SendLineAsync"/> with itself.
/// </remarks>
public sealed class ChatConnection : IAsyncDisposable
{
    /// <summary>Default cap on one received line; longer lines are delivered in pieces of this size.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly PipeReader _reader;
    private readonly int _maxLineBytes;

    /// <summary>Wraps an already open stream. A <see cref="NetworkStream"/> also gets a real half-close.</summary>
    public ChatConnection(Stream stream, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 4);
        _stream = stream;
        _socket = (stream as NetworkStream)?.Socket;
        _maxLineBytes = maxLineBytes;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and tries each address in turn (e.g. ::1 then 127.0.0.1 for
    /// localhost), a fresh socket each time, until one accepts or <paramref name="timeout"/> runs out.
    /// </summary>
    /// <exception cref="ChatConnectException">Nothing accepted the connection.</exception>
    public static async Task<ChatConnection> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, timeoutSource.Token);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(address, port, timeoutSource.Token);
                    return new ChatConnection(new NetworkStream(socket, ownsSocket: true));
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw last is null
                ? new ChatConnectException("host has no address")
                : new ChatConnectException(SocketErrorText.Describe(last.SocketErrorCode), last);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChatConnectException($"timed out after {timeout.TotalSeconds:0.###} s", ex);
        }
        catch (SocketException ex)
        {
            // From the name lookup.
            throw new ChatConnectException(SocketErrorText.Describe(ex.SocketErrorCode), ex);
        }
    }

    /// <summary>
    /// The next line from the server, without its line ending; <c>null</c> once the server has closed
    /// the connection cleanly and every line it sent has been returned.
    /// </summary>
    /// <exception cref="ConnectionLostException">The connection was reset or failed.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                throw new ConnectionLostException(SocketErrorText.Describe(ex), ex);
            }
            catch (SocketException ex)
            {
                throw new ConnectionLostException(SocketErrorText.Describe(ex.SocketErrorCode), ex);
            }

            var buffer = result.Buffer;
            if (LineFramer.TryReadLine(ref buffer, _maxLineBytes, result.IsCompleted, out var line))
            {
                _reader.AdvanceTo(buffer.Start);
                return line;
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return null;
            }

            // Nothing complete yet: keep what we have and ask for more.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Sends one line; the <c>\n</c> is added here.</summary>
    /// <exception cref="ArgumentException">The text contains a line break (it would become two lines).</exception>
    /// <exception cref="ConnectionLostException">The connection is gone.</exception>
    public async ValueTask SendLineAsync(string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A line must not contain \\r or \\n.", nameof(line));
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length) + 1);
        try
        {
            var length = Encoding.UTF8.GetBytes(line, bytes);
            bytes[length++] = (byte)'\n';

            // One write per line: with NoDelay this goes out at once, which is what a chat user expects.
            await _stream.WriteAsync(bytes.AsMemory(0, length), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new ConnectionLostException(SocketErrorText.Describe(ex), ex);
        }
        catch (SocketException ex)
        {
            throw new ConnectionLostException(SocketErrorText.Describe(ex.SocketErrorCode), ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Tells the server we will send nothing more (TCP half-close, FIN) while still receiving, so it can
    /// finish and close its side. A no-op for streams that are not sockets.
    /// </summary>
    public void CompleteSending()
    {
        try
        {
            _socket?.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset or closed: the receive side reports that.
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently (Ctrl-C): nothing left to tell the server.
        }
    }

    /// <summary>
    /// Closes the connection. A read still in flight then fails (that is how Ctrl-C stops the receive
    /// loop); the pipe reader is deliberately not completed here, because completing it while a read
    /// is pending would hand its buffers back to the pool under that read.
    /// </summary>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
