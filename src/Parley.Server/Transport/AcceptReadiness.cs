using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Parley.Server.Transport;

/// <summary>
/// A listening socket watched by a <see cref="ReadLoop"/>: the accept loop waits here until a connection is waiting,
/// so the accept, and the start of the new connection's handler, run on the loop's thread inside its pass.
/// </summary>
/// <remarks>
/// Why: with .NET's engine the accepting thread is another epoll thread that wakes for every connection, and it tries
/// one more accept after each (failing with <c>EAGAIN</c>). Here the watch is level-triggered and one-shot: each
/// report is one accept, which finds its connection waiting and completes at once, and the watch is armed again
/// after it, so a backlog is reported again at once and a quiet listener costs nothing.
/// Threads: <see cref="WaitAsync"/> and <see cref="Rearm"/> from the accept loop (one at a time); reports from the
/// loop's thread; <see cref="Close"/> from the stopping thread.
/// </remarks>
internal sealed class AcceptReadiness : IReadyTarget, IValueTaskSource<bool>
{
    private const uint Events = Epoll.In | Epoll.OneShot;

    /// <summary>Listeners' tokens count down from -1, apart from connections' (from 1) and the doorbell's (0).</summary>
    private static long _lastToken;

    private readonly ReadLoop _loop;
    private readonly Socket _socket;
    private readonly long _token = Interlocked.Decrement(ref _lastToken);
    private readonly Lock _sync = new();
    private ManualResetValueTaskSourceCore<bool> _waiter;
    private bool _waiting;
    private bool _ready;
    private bool _closed;

    public AcceptReadiness(ReadLoop loop, Socket socket)
    {
        _loop = loop;
        _socket = socket;
        loop.Add(_token, socket, this, Events);
    }

    /// <summary>True once a connection waits to be accepted; false once the listener is closed.</summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_sync)
        {
            if (_closed || _ready)
            {
                _ready = false;
                return new ValueTask<bool>(!_closed);
            }

            _waiting = true;
            _waiter.Reset();
            return new ValueTask<bool>(this, _waiter.Version);
        }
    }

    /// <summary>After an accept: the next waiting connection (or the next to come) is reported again.</summary>
    public void Rearm() => _loop.Rearm(_token, _socket, Events);

    /// <summary>The listener closes: a wait ends with false.</summary>
    public void Close()
    {
        _loop.Remove(_token);
        lock (_sync)
        {
            _closed = true;
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _waiter.SetResult(false);
    }

    void IReadyTarget.OnReady(uint events)
    {
        lock (_sync)
        {
            if (!_waiting)
            {
                _ready = true;
                return;
            }

            _waiting = false;
        }

        _waiter.SetResult(true);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
