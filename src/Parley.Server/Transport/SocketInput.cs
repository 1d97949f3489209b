using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Parley.Server.Transport;

/// <summary>
/// The receiving half of a <see cref="LeanConnection"/>: a <see cref="PipeReader"/> straight over the socket, with no
/// <see cref="Pipe"/> and no receive loop in between. Received bytes go into one pooled array, kept contiguous.
/// </summary>
/// <remarks>
/// Memory is the point. While nothing is buffered, the reader waits with a zero-byte receive and holds no buffer.
/// When the reader consumes everything, the array goes back to the pool at once. So an idle connection costs the
/// socket and this object. Kestrel's socket transport keeps two pipes and two loop state machines per connection
/// (about 3 KB; docs/benchmarks.md, *Idle connections*).
/// The socket is only touched while a read is waiting (<see cref="Pump"/>). So a reader that stops reading lets its
/// own TCP window fill, as a pipe's pause threshold would.
/// On a <see cref="ReadLoop"/> the socket engine is not used for receiving: the loop reports each arrival of data
/// (<see cref="IReadyTarget.OnReady"/>), and one receive takes it, on the loop's thread or the consumer's. A receive that leaves
/// room in the buffer has emptied the socket, so no receive is tried again until the next arrival; .NET's engine
/// tries one more, which fails with <c>EAGAIN</c>, after every read.
/// Threads: <see cref="ReadAsync"/>, <see cref="AdvanceTo(SequencePosition, SequencePosition)"/> and
/// <see cref="Complete"/> come from the consumer (one at a time); receive completions from the socket engine, or
/// arrivals from the read loop; <see cref="CancelPendingRead"/> from anywhere. All state is under one lock, never
/// held across a socket call or a continuation.
/// </remarks>
internal sealed partial class SocketInput : PipeReader, IValueTaskSource<ReadResult>, IReadyTarget
{
    /// <summary>The first buffer rented for data: most lines of chat are far shorter.</summary>
    private const int FirstBufferSize = 4096;

    /// <summary>Free space below which the buffer is compacted or grown before the next receive.</summary>
    private const int MinimumFree = 1024;

    private readonly Socket _socket;
    private readonly int _maxBuffered;
    private readonly ReceiveArgs? _args;
    private readonly bool _onLoop;
    private ManualResetValueTaskSourceCore<ReadResult> _waiter;
    private CancellationTokenRegistration _cancellation;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private int _examined;
    private bool _waiting;
    private bool _receiving;
    private bool _zeroByteReceive;
    private bool _readable;

    /// <summary>Arrivals the read loop reported (on a loop): a receive that finds the socket empty clears
    /// <see cref="_readable"/> only if none came while it ran.</summary>
    private int _arrivals;

    /// <summary>The read loop reported the peer's end or a reset (on a loop): receives go on until they find it, even
    /// after a short one, because its report may have come together with the last data's.</summary>
    private bool _hungUp;
    private bool _cancelNextRead;
    private bool _ended;
    private bool _completed;
    private Exception? _error;

    /// <param name="onLoop">Whether a <see cref="ReadLoop"/> reports this socket's arrivals (else the socket engine
    /// receives).</param>
    public SocketInput(Socket socket, int maxBuffered, bool onLoop = false)
    {
        _socket = socket;
        _maxBuffered = Math.Max(maxBuffered, FirstBufferSize);
        _onLoop = onLoop;
        _args = onLoop ? null : new ReceiveArgs(this);
    }

    /// <summary>Whether the reader holds a receive buffer now (an idle connection must not: tests check it).</summary>
    internal bool HoldsBuffer
    {
        get
        {
            lock (Sync)
            {
                return _buffer is not null;
            }
        }
    }

    /// <summary>The socket's receive arguments double as the lock: one object fewer per connection.</summary>
    private object Sync => (object?)_args ?? this;

    /// <summary>A read waits, and nothing (a receive in flight, the end, an error, completion) rules out receiving for it.</summary>
    private bool WantsReceive => !_receiving && _waiting && !_ended && _error is null && !_completed;

    private ReadOnlySequence<byte> Buffered =>
        _buffer is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_buffer, _start, _end - _start);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        short version;
        lock (Sync)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_waiting)
            {
                throw new InvalidOperationException("A read is already pending on this connection.");
            }

            if (_cancelNextRead)
            {
                _cancelNextRead = false;
                return new ValueTask<ReadResult>(new ReadResult(Buffered, isCanceled: true, isCompleted: false));
            }

            if (TryTakeResult(out var ready, out var error))
            {
                return error is null ? new ValueTask<ReadResult>(ready) : ValueTask.FromException<ReadResult>(error);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _waiting = true;
            _waiter.Reset();
            version = _waiter.Version;
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((SocketInput)state!).CancelWaiting(token), this);
            }
        }

        Pump();
        return new ValueTask<ReadResult>(this, version);
    }

    public override bool TryRead(out ReadResult result)
    {
        lock (Sync)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_cancelNextRead)
            {
                _cancelNextRead = false;
                result = new ReadResult(Buffered, isCanceled: true, isCompleted: false);
                return true;
            }

            if (TryTakeResult(out result, out var error))
            {
                return error is null ? true : throw error;
            }

            return false;
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (Sync)
        {
            // A position from an empty result (no buffer then) moves nothing.
            if (_buffer is null || !ReferenceEquals(consumed.GetObject(), _buffer))
            {
                return;
            }

            var consumedAt = consumed.GetInteger();
            var examinedAt = ReferenceEquals(examined.GetObject(), _buffer) ? examined.GetInteger() : consumedAt;
            if (consumedAt < _start || consumedAt > _end || examinedAt < consumedAt || examinedAt > _end)
            {
                throw new InvalidOperationException("The position is not inside the last buffer read.");
            }

            _start = consumedAt;
            _examined = Math.Max(_examined, examinedAt);
            if (_start == _end && !_receiving)
            {
                ReleaseBuffer();
            }
        }
    }

    public override void CancelPendingRead()
    {
        ReadResult result;
        CancellationTokenRegistration cancellation;
        lock (Sync)
        {
            if (!_waiting)
            {
                _cancelNextRead = true;
                return;
            }

            _waiting = false;
            result = new ReadResult(Buffered, isCanceled: true, isCompleted: false);
            cancellation = _cancellation;
        }

        cancellation.Unregister();
        _waiter.SetResult(result);
    }

    public override void Complete(Exception? exception = null)
    {
        lock (Sync)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _waiting = false;
            if (!_receiving)
            {
                ReleaseBuffer();
            }
        }
    }

    /// <summary>
    /// The connection is cut (aborted here, or found reset by a send): a read still waiting, or the next one once the
    /// data already received is read, fails with <paramref name="reason"/>, whatever the socket reports next.
    /// </summary>
    internal void Abort(Exception reason)
    {
        ReadResult result;
        Exception? error;
        CancellationTokenRegistration cancellation;
        lock (Sync)
        {
            _error ??= reason;

            // A read waiting on a read loop is told now: its socket is about to close, and a closed descriptor
            // leaves the epoll set without a last report. (With the socket engine a receive is in flight, and the
            // close ends it.)
            if (!_waiting || _receiving || !TryTakeResult(out result, out error))
            {
                return;
            }

            _waiting = false;
            cancellation = _cancellation;
        }

        Deliver(result, error, cancellation);
    }

    /// <summary>Frees the receive arguments once the socket is closed (a receive in flight then ends at once).</summary>
    internal void DisposeArgs() => _args?.Dispose();

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// Receives while a read waits and the socket has nothing for it yet. A receive that completes at once is handled
    /// here (the common case under load); one that waits continues in <see cref="OnReceiveCompleted"/>.
    /// </summary>
    private void Pump()
    {
        if (_onLoop)
        {
            PumpOnLoop();
            return;
        }

        while (true)
        {
            lock (Sync)
            {
                if (!WantsReceive)
                {
                    return;
                }

                if (_start == _end && !_readable)
                {
                    // Nothing buffered and nothing known to be waiting: wait for data without holding a buffer.
                    ReleaseBuffer();
                    _zeroByteReceive = true;
                    _args!.SetBuffer(Memory<byte>.Empty);
                }
                else
                {
                    if (!MakeRoom())
                    {
                        // The consumer holds the limit unconsumed: read no more until it consumes (the reader that
                        // waits now gets nothing new; a door never does this, as it discards an overlong line).
                        return;
                    }

                    _zeroByteReceive = false;
                    _args!.SetBuffer(_buffer.AsMemory(_end));
                }

                _receiving = true;
            }

            bool pending;
            try
            {
                pending = _socket.ReceiveAsync(_args!);
            }
            catch (ObjectDisposedException)
            {
                // Aborted between the check and the call.
                FinishReceive(SocketError.OperationAborted, 0);
                return;
            }

            if (pending || !FinishReceive(_args.SocketError, _args.BytesTransferred))
            {
                return;
            }
        }
    }

    private void OnReceiveCompleted()
    {
        if (FinishReceive(_args!.SocketError, _args.BytesTransferred))
        {
            Pump();
        }
    }

    /// <summary>Takes a receive's outcome; hands the waiting reader its result. True when the reader still waits.</summary>
    /// <param name="arrivalsBefore">On a read loop: the arrivals counted when the receive started.</param>
    private bool FinishReceive(SocketError socketError, int bytes, int arrivalsBefore = 0)
    {
        ReadResult result;
        Exception? error;
        CancellationTokenRegistration cancellation;
        lock (Sync)
        {
            _receiving = false;
            if (socketError != SocketError.Success)
            {
                _error ??= ConnectionErrors.ForReceive(socketError);
            }
            else if (_zeroByteReceive)
            {
                _readable = true;
            }
            else if (bytes == 0)
            {
                _ended = true;
            }
            else
            {
                _end += bytes;

                // A receive that filled all the room it had probably left more behind: read again without waiting.
                // On a loop, a receive that left room emptied the socket, and only an arrival during it can have
                // brought more.
                _readable = _end == _buffer!.Length || (_onLoop && (_arrivals != arrivalsBefore || _hungUp));
            }

            if (_completed)
            {
                ReleaseBuffer();
                return false;
            }

            if (!_waiting)
            {
                // The read was cancelled meanwhile; the next one takes what arrived.
                if (_start == _end)
                {
                    ReleaseBuffer();
                }

                return false;
            }

            if (!TryTakeResult(out result, out error))
            {
                return true;
            }

            _waiting = false;
            cancellation = _cancellation;
        }

        Deliver(result, error, cancellation);

        return false;
    }

    /// <summary>Hands the reader that waited its result (outside the lock: its continuation may run here).</summary>
    private void Deliver(ReadResult result, Exception? error, CancellationTokenRegistration cancellation)
    {
        cancellation.Unregister();
        if (error is null)
        {
            _waiter.SetResult(result);
        }
        else
        {
            _waiter.SetException(error);
        }
    }

    private void CancelWaiting(CancellationToken token)
    {
        lock (Sync)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _waiter.SetException(new OperationCanceledException(token));
    }

    /// <summary>What a read returns now, if anything: unexamined data first, then the error or the end.</summary>
    private bool TryTakeResult(out ReadResult result, out Exception? error)
    {
        error = null;
        if (_end > _examined)
        {
            result = new ReadResult(Buffered, isCanceled: false, isCompleted: _ended && _error is null);
            return true;
        }

        if (_error is not null)
        {
            result = default;
            error = _error;
            return true;
        }

        result = new ReadResult(Buffered, isCanceled: false, isCompleted: _ended);
        return _ended;
    }

    /// <summary>
    /// Ensures free space after the data for the next receive; false once the unconsumed data reaches the limit (a
    /// pause threshold, as a pipe's: one receive may carry it past, so a unit of exactly the limit still completes).
    /// </summary>
    private bool MakeRoom()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
            _start = _end = _examined = 0;
            return true;
        }

        var length = _end - _start;
        if (length >= _maxBuffered)
        {
            return false;
        }

        if (_buffer.Length - _end >= MinimumFree)
        {
            return true;
        }

        var target = _buffer.Length - length >= MinimumFree
            ? _buffer
            : ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, length + MinimumFree));
        Buffer.BlockCopy(_buffer, _start, target, 0, length);
        if (!ReferenceEquals(target, _buffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = target;
        }

        _examined -= _start;
        _start = 0;
        _end = length;
        return true;
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _start = _end = _examined = 0;
    }

    /// <summary>The receive arguments, reused for every receive of the connection; completions call back here.</summary>
    private sealed class ReceiveArgs(SocketInput input) : SocketAsyncEventArgs(unsafeSuppressExecutionContextFlow: true)
    {
        protected override void OnCompleted(SocketAsyncEventArgs e) => input.OnReceiveCompleted();
    }
}
