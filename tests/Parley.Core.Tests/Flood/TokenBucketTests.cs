using Microsoft.Extensions.Time.Testing;
using Parley.Core.Flood;

namespace Parley.Core.Tests.Flood;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_burst_passes_then_lines_wait_for_the_rate()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(linesPerSecond: 2, burst: 3, clock);
        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.TryTake());
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.NotEqual(TimeSpan.Zero, bucket.TryTake());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
    }

    [Fact]
    public void Tokens_refill_up_to_the_burst_only()
    {
        var clock = new FakeTimeProvider();
        var bucket = new TokenBucket(linesPerSecond: 10, burst: 4, clock);
        for (var i = 0; i < 4; i++)
        {
            bucket.TryTake();
        }

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(4, bucket.Available, precision: 6);
    }
}
