using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Hubs;

public sealed class HubLoopTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private HubLoop? _loop;

    public void Dispose() => _loop?.Dispose();

    /// <summary>A started loop with <paramref name="readerRounds"/>, or the server's default when null.</summary>
    private HubLoop Started(ReaderRounds? readerRounds = null)
    {
        var options = new HubOptions();
        options.ReaderRounds = readerRounds ?? options.ReaderRounds;
        // The hub's thread never wakes by itself here: work that nobody wakes it for would hang the test.
        var hub = new Hub(options, NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);
        _loop = new HubLoop(hub, NullLogger<HubLoop>.Instance) { IdleWake = TimeSpan.FromHours(1) };
        _loop.Start();
        return _loop;
    }

    /// <summary>Runs <paramref name="reader"/> on a thread of its own, as a connection's reader would be.</summary>
    private static Task<T> OnReaderThread<T>(Func<T> reader) => OwnThread.Run(reader);

    private static DelegateWork Recording(TaskCompletionSource<string?> ranOn) =>
        new(null, _ => ranOn.TrySetResult(ThreadName()));

    private static string ThreadName() => Thread.CurrentThread.Name ?? $"thread {Environment.CurrentManagedThreadId}";

    /// <summary>Work that counts as a message (it joins the Journal's batch), recording where it ran.</summary>
    private sealed class MessageWork(TaskCompletionSource<string?> ranOn) : HubWork(null)
    {
        public override bool IsMessage => true;

        public override void Execute(Hub hub) => ranOn.TrySetResult(ThreadName());
    }

    /// <summary>Posts <paramref name="work"/> as a reader on a thread named "reader" and runs what it posted.</summary>
    private static Task PostAsReader(HubLoop loop, HubWork work) => OnReaderThread(() =>
    {
        Thread.CurrentThread.Name = "reader";
        loop.PostFromReader(work);
        loop.RunPosted();
        return true;
    });

    [Fact]
    public async Task Work_a_reader_posts_while_the_hub_is_idle_runs_on_the_reader_without_waking_the_hub()
    {
        var loop = Started();
        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = await OnReaderThread(() =>
        {
            Thread.CurrentThread.Name = "reader";
            Assert.True(loop.PostFromReader(Recording(ranOn)));
            var ranBeforeRunPosted = ranOn.Task.IsCompleted;
            loop.RunPosted();
            return (ranBeforeRunPosted, ranAfter: ranOn.Task.IsCompleted);
        }).WaitAsync(Timeout);

        Assert.False(reader.ranBeforeRunPosted);
        Assert.True(reader.ranAfter);
        Assert.Equal("reader", await ranOn.Task);
    }

    [Fact]
    public async Task Work_a_reader_posts_while_the_hub_is_busy_runs_on_the_hub_thread_once_the_round_ends()
    {
        var loop = Started();
        var inRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var endRound = new ManualResetEventSlim();
        loop.Post(new DelegateWork(null, _ =>
        {
            inRound.SetResult();
            endRound.Wait(Timeout);
        }));
        await inRound.Task.WaitAsync(Timeout);

        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsReader(loop, Recording(ranOn)).WaitAsync(Timeout);
        Assert.False(ranOn.Task.IsCompleted);

        endRound.Set();
        Assert.Equal("parley-hub", await ranOn.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_reader_that_reaches_the_hub_again_inside_the_round_it_runs_does_not_start_a_second_round()
    {
        var loop = Started();
        var nestedRanOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var nestedRanInsideOuter = false;
        var outerDone = false;
        var outer = new DelegateWork(null, _ =>
        {
            // What an inline continuation of another connection's reader would do in the middle of this round.
            loop.PostFromReader(new DelegateWork(null, _ =>
            {
                nestedRanInsideOuter = !Volatile.Read(ref outerDone);
                nestedRanOn.TrySetResult(Thread.CurrentThread.Name);
            }));
            loop.RunPosted();
            Volatile.Write(ref outerDone, true);
        });

        await OnReaderThread(() =>
        {
            Thread.CurrentThread.Name = "reader";
            loop.PostFromReader(outer);
            loop.RunPosted();
            return true;
        }).WaitAsync(Timeout);

        Assert.Equal("parley-hub", await nestedRanOn.Task.WaitAsync(Timeout));
        Assert.False(nestedRanInsideOuter);
    }

    [Fact]
    public async Task With_command_rounds_only_a_message_a_reader_posts_waits_for_the_hub_thread()
    {
        var loop = Started(ReaderRounds.Commands);
        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsReader(loop, new MessageWork(ranOn)).WaitAsync(Timeout);

        Assert.Equal("parley-hub", await ranOn.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task By_default_a_message_a_reader_posts_runs_on_the_reader()
    {
        var loop = Started();
        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsReader(loop, new MessageWork(ranOn)).WaitAsync(Timeout);

        Assert.True(ranOn.Task.IsCompleted);
        Assert.Equal("reader", await ranOn.Task);
    }

    [Fact]
    public async Task With_the_option_off_every_round_runs_on_the_hub_thread()
    {
        var loop = Started(ReaderRounds.Off);
        var ranOn = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsReader(loop, Recording(ranOn)).WaitAsync(Timeout);

        Assert.Equal("parley-hub", await ranOn.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Readers_on_many_threads_lose_no_work_and_never_run_two_rounds_at_once()
    {
        var loop = Started();
        const int Readers = 4;
        const int PerReader = 2_000;
        var inRound = 0;
        var overlaps = 0;
        var ran = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = new DelegateWork(null, _ =>
        {
            if (Interlocked.Increment(ref inRound) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Decrement(ref inRound);
            if (Interlocked.Increment(ref ran) == Readers * PerReader)
            {
                allRan.SetResult();
            }
        });

        var readers = Enumerable.Range(0, Readers).Select(_ => OnReaderThread(() =>
        {
            for (var i = 0; i < PerReader; i++)
            {
                loop.PostFromReader(work);
                if (i % 3 == 0)
                {
                    loop.RunPosted();
                }
            }

            loop.RunPosted();
            return true;
        }));
        await Task.WhenAll(readers).WaitAsync(Timeout);

        await allRan.Task.WaitAsync(Timeout);
        Assert.Equal(0, Volatile.Read(ref overlaps));
    }
}
