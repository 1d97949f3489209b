namespace Parley.Core.Flood;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> (so tests drive it with a fake clock). Not thread-safe: one per
/// connection reader.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private double _tokens;
    private long _stamp;

    public TokenBucket(double linesPerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _time = time;
        _rate = linesPerSecond;
        _capacity = burst;
        _tokens = burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Tokens available now (for tests and diagnostics).</summary>
    public double Available
    {
        get
        {
            Refill();
            return _tokens;
        }
    }

    /// <summary>Takes a token when one is there (returns zero); otherwise takes nothing and says how long until one is.</summary>
    public TimeSpan TryTake()
    {
        Refill();
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds((1 - _tokens) / _rate);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
    }
}
