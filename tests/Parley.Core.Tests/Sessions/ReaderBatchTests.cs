using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Sessions;

public sealed class ReaderBatchTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HubLoop _loop;

    public ReaderBatchTests()
    {
        var hub = new Hub(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);
        // The hub's thread never wakes by itself: work left without a wake-up hangs the test instead of running late.
        _loop = new HubLoop(hub, NullLogger<HubLoop>.Instance) { IdleWake = TimeSpan.FromHours(1) };
        _loop.Start();
    }

    public void Dispose() => _loop.Dispose();

    [Fact]
    public async Task Readers_in_one_pass_make_one_round_at_its_end_on_the_passs_thread()
    {
        var rounds = new List<(string Item, int Round)>();
        var round = 0;
        var result = await OnOwnThread("loop", () =>
        {
            ReaderBatch.Begin();
            for (var i = 0; i < 3; i++)
            {
                var item = $"reader {i}";
                _loop.PostFromReader(new DelegateWork(null, _ => rounds.Add((item, round))));
                Assert.True(ReaderBatch.TryDefer(_loop));
            }

            var ranBeforeEnd = rounds.Count;
            _loop.PostFromReader(new DelegateWork(null, _ => round++));
            ReaderBatch.End();
            return (ranBeforeEnd, ReaderBatch.IsOpen);
        });

        Assert.Equal(0, result.ranBeforeEnd);
        Assert.False(result.IsOpen);
        Assert.Equal([("reader 0", 0), ("reader 1", 0), ("reader 2", 0)], rounds);
    }

    [Fact]
    public async Task Work_a_round_makes_a_reader_post_runs_in_a_further_round_of_the_same_pass_not_on_the_hubs_thread()
    {
        var laterRanOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await OnOwnThread("loop", () =>
        {
            ReaderBatch.Begin();
            _loop.PostFromReader(new DelegateWork(null, _ =>
            {
                // As a QUIT does: the round cancels a waiting read, and that reader goes on and posts its disconnect.
                _loop.PostFromReader(new DelegateWork(null, _ => laterRanOn.TrySetResult(Thread.CurrentThread.Name)));
                Assert.True(ReaderBatch.TryDefer(_loop));
            }));
            ReaderBatch.TryDefer(_loop);
            ReaderBatch.End();
            return laterRanOn.Task.IsCompleted;
        });

        Assert.Equal("loop", await laterRanOn.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Work_another_thread_queues_during_the_passs_round_is_left_to_the_hubs_thread_and_it_is_woken()
    {
        var otherRanOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await OnOwnThread("loop", () =>
        {
            ReaderBatch.Begin();
            _loop.PostFromReader(new DelegateWork(null, _ =>
            {
                // A reader on another thread, outside any pass: it queues and finds the round taken.
                OnOwnThread("other reader", () =>
                {
                    _loop.PostFromReader(new DelegateWork(null, _ => otherRanOn.TrySetResult(Thread.CurrentThread.Name)));
                    _loop.RunPosted();
                    return true;
                }).Wait(Timeout);
            }));
            ReaderBatch.TryDefer(_loop);
            ReaderBatch.End();
            return true;
        });

        Assert.Equal("parley-hub", await otherRanOn.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Writers_woken_by_the_passs_rounds_write_once_at_its_end()
    {
        var outbox = new Outbox(1024);
        var writes = new List<string>();
        var writer = new DrainingWriter(outbox, writes);
        Assert.False(outbox.WaitToRead(out _, writer));
        var result = await OnOwnThread("loop", () =>
        {
            ReaderBatch.Begin();
            _loop.PostFromReader(new DelegateWork(null, _ => outbox.Enqueue("joined\n"u8.ToArray())));
            ReaderBatch.TryDefer(_loop);
            _loop.PostFromReader(new DelegateWork(null, _ =>
            {
                outbox.Enqueue("said\n"u8.ToArray());
                _loop.PostFromReader(new DelegateWork(null, _ => outbox.Enqueue("quit\n"u8.ToArray())));
                ReaderBatch.TryDefer(_loop);
            }));
            ReaderBatch.End();
            return writer.Runs;
        });

        Assert.Equal(1, result);
        Assert.Equal(["joined\nsaid\nquit\n"], writes);
    }

    [Fact]
    public void Outside_a_pass_a_reader_runs_its_own_round()
    {
        Assert.False(ReaderBatch.IsOpen);
        Assert.False(ReaderBatch.TryDefer(_loop));
    }

    private static Task<T> OnOwnThread<T>(string name, Func<T> body) => OwnThread.Run(body, name);

    /// <summary>A writer as a session's: everything queued goes out as one write.</summary>
    private sealed class DrainingWriter(Outbox outbox, List<string> writes) : IThreadPoolWorkItem
    {
        public int Runs { get; private set; }

        public void Execute()
        {
            Runs++;
            while (outbox.WaitToRead(out var more, this) && more)
            {
                var write = new System.Text.StringBuilder();
                while (outbox.TryDequeue(out var bytes))
                {
                    write.Append(System.Text.Encoding.UTF8.GetString(bytes.Span));
                }

                writes.Add(write.ToString());
            }
        }
    }
}
