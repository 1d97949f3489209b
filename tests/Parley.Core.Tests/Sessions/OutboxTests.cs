using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

public sealed class OutboxTests
{
    [Fact]
    public void Bytes_are_counted_until_dequeued()
    {
        var outbox = new Outbox(100);
        Assert.True(outbox.Enqueue(new byte[40]));
        Assert.True(outbox.Enqueue(new byte[60]));
        Assert.Equal(100, outbox.QueuedBytes);
        Assert.True(outbox.TryDequeue(out var first));
        Assert.Equal(40, first.Length);
        Assert.Equal(60, outbox.QueuedBytes);
    }

    [Fact]
    public async Task Passing_the_limit_refuses_completes_and_calls_back_once()
    {
        var outbox = new Outbox(100);
        var calls = 0;
        outbox.OnOverflow(() => calls++);
        Assert.True(outbox.Enqueue(new byte[100]));
        Assert.False(outbox.Enqueue(new byte[1]));
        Assert.False(outbox.Enqueue(new byte[1]));
        Assert.Equal(1, calls);
        Assert.True(outbox.Overflowed);

        // What was queued before the overflow can still be drained, then the reader sees the end.
        Assert.True(outbox.TryDequeue(out _));
        Assert.False(await outbox.WaitToReadAsync());
    }

    [Fact]
    public async Task Complete_lets_the_writer_drain_then_end()
    {
        var outbox = new Outbox(1000);
        outbox.Enqueue(new byte[] { 1 });
        outbox.Complete();
        Assert.False(outbox.Enqueue(new byte[] { 2 }));
        Assert.True(await outbox.WaitToReadAsync());
        Assert.True(outbox.TryDequeue(out var bytes));
        Assert.Equal(1, bytes.Span[0]);
        Assert.False(await outbox.WaitToReadAsync());
    }

    [Fact]
    public void Concurrent_producers_never_lose_count()
    {
        var outbox = new Outbox(long.MaxValue);
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                outbox.Enqueue(new byte[3]);
            }
        });
        Assert.Equal(240_000, outbox.QueuedBytes);
        var count = 0;
        while (outbox.TryDequeue(out _))
        {
            count++;
        }

        Assert.Equal(80_000, count);
        Assert.Equal(0, outbox.QueuedBytes);
    }
}
