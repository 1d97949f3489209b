using System.Threading.Tasks.Sources;

namespace Parley.Core.Sessions;

/// <summary>
/// A reusable, allocation-free wake-up for one waiter (a connection's writer loop) and many setters. Setting it
/// while nobody waits is remembered, so a wake-up is never lost; several sets before a wait count as one.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _set;
    private bool _waiting;
    private bool _completed;

    /// <summary>True when set (the flag is consumed); false once completed.</summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _core.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _core.Version);
        }
    }

    public void Set()
    {
        lock (_gate)
        {
            if (_waiting)
            {
                _waiting = false;
                _core.SetResult(true);
            }
            else
            {
                _set = true;
            }
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            if (_waiting)
            {
                _waiting = false;
                _core.SetResult(false);
            }
        }
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
