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
        outbox.OnOverflow(_ => calls++, outbox);
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

    [Fact]
    public void Order_is_kept_when_the_queue_grows_while_wrapped_around()
    {
        var outbox = new Outbox(long.MaxValue);
        var next = 0;
        var expected = 0;
        for (var round = 0; round < 50; round++)
        {
            // Enqueue more than is taken each round, so the ring wraps and then has to grow.
            for (var i = 0; i < 7; i++)
            {
                outbox.Enqueue(BitConverter.GetBytes(next++));
            }

            for (var i = 0; i < 5; i++)
            {
                Assert.True(outbox.TryDequeue(out var bytes));
                Assert.Equal(expected++, BitConverter.ToInt32(bytes.Span));
            }
        }

        var batch = new ReadOnlyMemory<byte>[8];
        int taken;
        while ((taken = outbox.DequeueInto(batch)) > 0)
        {
            foreach (var bytes in batch.AsSpan(0, taken))
            {
                Assert.Equal(expected++, BitConverter.ToInt32(bytes.Span));
            }
        }

        Assert.Equal(next, expected);
        Assert.Equal(0, outbox.QueuedBytes);
    }

    [Fact]
    public void An_idle_outbox_holds_no_queue_once_its_writer_sleeps()
    {
        var outbox = new Outbox(1000);
        Assert.False(outbox.HoldsQueue);
        outbox.Enqueue(new byte[10]);
        Assert.True(outbox.HoldsQueue);
        Assert.True(outbox.TryDequeue(out _));

        var wait = outbox.WaitToReadAsync();
        Assert.False(wait.IsCompleted);
        Assert.False(outbox.HoldsQueue);
    }

    [Fact]
    public async Task A_sleeping_writer_is_woken_by_an_enqueue()
    {
        var outbox = new Outbox(1000);
        var wait = outbox.WaitToReadAsync();
        Assert.False(wait.IsCompleted);
        outbox.Enqueue(new byte[] { 7 });
        Assert.True(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(outbox.TryDequeue(out var bytes));
        Assert.Equal(7, bytes.Span[0]);
    }

    [Fact]
    public async Task A_quiet_enqueue_waits_for_Wake()
    {
        var outbox = new Outbox(1000);
        var wait = outbox.WaitToReadAsync().AsTask();
        outbox.EnqueueQuietly(new byte[] { 1 });
        outbox.EnqueueQuietly(new byte[] { 2 });
        Assert.False(wait.IsCompleted);
        outbox.Wake();
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        var batch = new ReadOnlyMemory<byte>[4];
        Assert.Equal(2, outbox.DequeueInto(batch));
    }

    [Fact]
    public async Task A_writer_without_a_state_machine_is_called_back_at_each_wake_up_and_at_the_end()
    {
        var outbox = new Outbox(1000);
        using var woken = new SemaphoreSlim(0);
        var onWake = new ReleaseOnWake(woken);

        Assert.False(outbox.WaitToRead(out _, onWake));
        Assert.False(outbox.HoldsQueue);
        outbox.Enqueue(new byte[] { 7 });
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(outbox.WaitToRead(out var more, onWake));
        Assert.True(more);
        Assert.True(outbox.TryDequeue(out var bytes));
        Assert.Equal(7, bytes.Span[0]);

        // Asleep again, then completed: called back once more, and told there is no more.
        Assert.False(outbox.WaitToRead(out _, onWake));
        outbox.Complete();
        Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(outbox.WaitToRead(out more, onWake));
        Assert.False(more);
        Assert.Equal(0, woken.CurrentCount);
    }

    [Fact]
    public async Task Completing_wakes_a_sleeping_writer_with_the_end()
    {
        var outbox = new Outbox(1000);
        var wait = outbox.WaitToReadAsync();
        outbox.Complete();
        Assert.False(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(outbox.Enqueue(new byte[] { 1 }));
    }

    [Fact]
    public async Task A_writer_loop_gets_everything_concurrent_producers_send()
    {
        var outbox = new Outbox(long.MaxValue);
        var received = 0L;
        var writer = Task.Run(async () =>
        {
            var batch = new ReadOnlyMemory<byte>[16];
            while (await outbox.WaitToReadAsync())
            {
                int taken;
                while ((taken = outbox.DequeueInto(batch)) > 0)
                {
                    foreach (var bytes in batch.AsSpan(0, taken))
                    {
                        received += bytes.Length;
                    }
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (i % 3 == 0)
                {
                    outbox.EnqueueQuietly(new byte[2]);
                    outbox.Wake();
                }
                else
                {
                    outbox.Enqueue(new byte[2]);
                }
            }
        })));
        outbox.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4 * 20_000 * 2, received);
    }

    [Fact]
    public void Many_items_queue_in_order_under_one_call_and_overflow_where_the_limit_is_passed()
    {
        var outbox = new Outbox(10);
        var overflows = 0;
        outbox.OnOverflow(_ => overflows++, outbox);
        ReadOnlyMemory<byte>[] items = [new byte[] { 1, 1, 1, 1 }, ReadOnlyMemory<byte>.Empty, new byte[] { 2, 2, 2, 2 }, new byte[] { 3, 3, 3, 3 }];
        Assert.False(outbox.EnqueueManyQuietly(items));
        Assert.Equal(1, overflows);
        Assert.True(outbox.Overflowed);
        Assert.True(outbox.TryDequeue(out var first));
        Assert.Equal(1, first.Span[0]);
        Assert.True(outbox.TryDequeue(out var second));
        Assert.Equal(2, second.Span[0]);
        Assert.False(outbox.TryDequeue(out _));

        var roomy = new Outbox(100);
        Assert.True(roomy.EnqueueManyQuietly(items));
        Assert.Equal(12, roomy.QueuedBytes);
    }

    private sealed class ReleaseOnWake(SemaphoreSlim woken) : IThreadPoolWorkItem
    {
        public void Execute() => woken.Release();
    }
}
