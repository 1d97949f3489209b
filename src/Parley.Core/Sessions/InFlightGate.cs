using System.Threading.Tasks.Sources;

namespace Parley.Core.Sessions;

/// <summary>
/// The bound on one connection's commands waiting for the hub (back-pressure on input), for one waiter (the
/// connection's reader) and any number of releasers (the hub's thread, one release per command it ran).
/// </summary>
/// <remarks>
/// A reader that reaches the limit sleeps until the hub has worked the backlog down to half of it, not until the
/// first release: under overload every connection sits at its limit, and waking each reader for every command the
/// hub finished would cost a thread-pool wake-up and a read per command. With the hysteresis a reader wakes once
/// per half-limit of commands and reads what has piled up in one go. It also costs less memory per connection than
/// the <see cref="SemaphoreSlim"/> it replaces (one object instead of two, no lock object).
/// Lock-free: the count and the "reader waits" flag share one word, so a release can never miss a sleeper.
/// </remarks>
internal sealed class InFlightGate : IValueTaskSource
{
    private const int ReaderWaits = 1 << 30;

    private readonly int _limit;
    private readonly int _resumeAt;
    private ManualResetValueTaskSourceCore<bool> _wakeUp = new() { RunContinuationsAsynchronously = true };
    private int _state;

    public InFlightGate(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limit, ReaderWaits);
        _limit = limit;
        _resumeAt = limit / 2;
    }

    /// <summary>Commands taken and not yet released.</summary>
    public int InFlight => Volatile.Read(ref _state) & ~ReaderWaits;

    /// <summary>Takes a place; waits while the limit is reached. One caller at a time (the reader loop).</summary>
    public ValueTask WaitAsync()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state < _limit)
            {
                if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                {
                    return ValueTask.CompletedTask;
                }

                continue;
            }

            // Reset before the flag is visible: a releaser completes the wait only after it sees the flag.
            _wakeUp.Reset();
            if (Interlocked.CompareExchange(ref _state, state | ReaderWaits, state) == state)
            {
                return new ValueTask(this, _wakeUp.Version);
            }
        }
    }

    /// <summary>Gives a place back; wakes the reader, handing it a place, once the backlog is down to half the limit.</summary>
    public void Release()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var count = (state & ~ReaderWaits) - 1;
            var resume = (state & ReaderWaits) != 0 && count <= _resumeAt;
            var next = resume ? count + 1 : count | (state & ReaderWaits);
            if (Interlocked.CompareExchange(ref _state, next, state) == state)
            {
                if (resume)
                {
                    _wakeUp.SetResult(true);
                }

                return;
            }
        }
    }

    void IValueTaskSource.GetResult(short token) => _wakeUp.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wakeUp.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wakeUp.OnCompleted(continuation, state, token, flags);
}
