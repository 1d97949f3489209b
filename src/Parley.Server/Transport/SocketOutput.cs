using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Parley.Server.Transport;

/// <summary>
/// The sending half of a <see cref="LeanConnection"/>: a <see cref="PipeWriter"/> that collects a burst in one pooled
/// array and sends it on <see cref="FlushAsync"/>, straight from the flushing thread, with no pipe or send loop.
/// </summary>
/// <remarks>
/// The socket is non-blocking. A flush first tries to send at once, which almost always takes everything: one
/// system call per burst, on the thread that wrote it. Only when the kernel's send buffer is full (a slow reader)
/// does the flush wait for the rest, through socket arguments made the first time that happens. After a flush the
/// array goes back to the pool, so a quiet connection holds none.
/// A send to a vanished peer completes the flush with <see cref="FlushResult.IsCompleted"/>, as Kestrel's pipe does:
/// the session's writer stops, and the reader finds out why.
/// Threads: one writer at a time (the session's writer loop), as for any <see cref="PipeWriter"/>; send completions
/// from the socket engine. Writing while a flush still sends is refused.
/// </remarks>
internal sealed class SocketOutput : PipeWriter, IValueTaskSource<FlushResult>
{
    private const int FirstBufferSize = 4096;

    private readonly Socket _socket;
    private readonly SocketInput _input;
    private SendArgs? _args;
    private ManualResetValueTaskSourceCore<FlushResult> _flush;
    private byte[]? _buffer;
    private int _written;
    private int _sent;
    private volatile bool _sending;
    private volatile bool _canceled;
    private bool _broken;
    private bool _completed;

    public SocketOutput(Socket socket, SocketInput input)
    {
        _socket = socket;
        _input = input;
    }

    /// <summary>Whether the writer holds a send buffer now (a quiet connection must not: tests check it).</summary>
    internal bool HoldsBuffer => _buffer is not null;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _written - _sent;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override void Advance(int bytes)
    {
        if (bytes < 0 || _buffer is null || _written + bytes > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "Advanced past the memory handed out.");
        }

        _written += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfSending();
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_canceled)
        {
            _canceled = false;
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
        }

        if (_broken)
        {
            ReleaseBuffer();
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: true));
        }

        if (_written == 0)
        {
            return default;
        }

        return SendNow() ? new ValueTask<FlushResult>(Finish()) : SendLater();
    }

    /// <summary>
    /// The flush in progress, or else the next one, reports <see cref="FlushResult.IsCanceled"/>. Bytes already
    /// handed to the socket still go out: a send cannot be recalled. To cut a connection at once, abort it.
    /// </summary>
    public override void CancelPendingFlush() => _canceled = true;

    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (!_sending)
        {
            ReleaseBuffer();
        }
    }

    /// <summary>Frees the send arguments once the socket is closed.</summary>
    internal void DisposeArgs() => _args?.Dispose();

    FlushResult IValueTaskSource<FlushResult>.GetResult(short token) => _flush.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<FlushResult>.GetStatus(short token) => _flush.GetStatus(token);

    void IValueTaskSource<FlushResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _flush.OnCompleted(continuation, state, token, flags);

    /// <summary>Sends what the kernel takes without waiting; true when all of it went (or the peer is gone).</summary>
    private bool SendNow()
    {
        while (_sent < _written)
        {
            int sent;
            SocketError error;
            try
            {
                sent = _socket.Send(_buffer.AsSpan(_sent, _written - _sent), SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                _broken = true;
                return true;
            }

            if (error == SocketError.WouldBlock)
            {
                return false;
            }

            if (error != SocketError.Success)
            {
                Break(error);
                return true;
            }

            _sent += sent;
        }

        return true;
    }

    private ValueTask<FlushResult> SendLater()
    {
        _args ??= new SendArgs(this);
        _flush.Reset();
        _sending = true;
        var version = _flush.Version;
        if (!StartSend())
        {
            return new ValueTask<FlushResult>(Finish());
        }

        return new ValueTask<FlushResult>(this, version);
    }

    /// <summary>Starts an asynchronous send of the rest; false when it completed at once (then the flush is done).</summary>
    private bool StartSend()
    {
        while (true)
        {
            _args!.SetBuffer(_buffer.AsMemory(_sent, _written - _sent));
            try
            {
                if (_socket.SendAsync(_args))
                {
                    return true;
                }
            }
            catch (ObjectDisposedException)
            {
                _broken = true;
                return false;
            }

            if (!TakeSent() || _sent == _written)
            {
                return false;
            }
        }
    }

    private void OnSendCompleted()
    {
        if (TakeSent() && _sent < _written && StartSend())
        {
            return;
        }

        var result = Finish();
        _flush.SetResult(result);
    }

    /// <summary>Counts what a send took; false when the socket failed.</summary>
    private bool TakeSent()
    {
        if (_args!.SocketError != SocketError.Success)
        {
            Break(_args.SocketError);
            return false;
        }

        _sent += _args.BytesTransferred;
        return true;
    }

    /// <summary>
    /// The socket failed under a send. The kernel reports a reset to one system call only, so the reader, which may
    /// now see a plain end of stream, is told the real reason (as Kestrel's transport completes its input with it).
    /// </summary>
    private void Break(SocketError error)
    {
        _broken = true;
        _input.Abort(ConnectionErrors.ForReceive(error));
    }

    /// <summary>Ends a flush whose bytes are all sent (or can no longer be): the buffer goes back to the pool.</summary>
    private FlushResult Finish()
    {
        _sending = false;
        ReleaseBuffer();
        var canceled = _canceled;
        _canceled = false;
        return new FlushResult(isCanceled: canceled && !_broken, isCompleted: _broken);
    }

    private void MakeRoom(int sizeHint)
    {
        ThrowIfSending();
        var needed = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, FirstBufferSize));
            return;
        }

        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        Buffer.BlockCopy(_buffer, 0, larger, 0, _written);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Gives the array back once, even if <see cref="Complete"/> races with the end of a send.</summary>
    private void ReleaseBuffer()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _written = _sent = 0;
    }

    private void ThrowIfSending()
    {
        if (_sending)
        {
            throw new InvalidOperationException("The previous flush is still sending.");
        }
    }

    /// <summary>Send arguments, made only for a connection whose send once had to wait.</summary>
    private sealed class SendArgs(SocketOutput output) : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true)
    {
        protected override void OnCompleted(SocketAsyncEventArgs e) => output.OnSendCompleted();
    }
}
