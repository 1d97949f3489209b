using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

public sealed class WriterWakesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_thread_that_defers_runs_the_writers_it_woke_itself_at_the_end_of_its_round()
    {
        var (outbox, writer) = SleepingWriter();
        var ran = await OnOwnThread(() =>
        {
            WriterWakes.DeferOnThisThread();
            outbox.Enqueue("one\n"u8.ToArray());
            outbox.Enqueue("two\n"u8.ToArray());
            var beforeRound = writer.Runs;
            WriterWakes.RunDeferred(maxHere: 4);
            return (beforeRound, writer.Runs, writer.LastThread, Environment.CurrentManagedThreadId);
        });

        Assert.Equal(0, ran.beforeRound);
        Assert.Equal(1, ran.Runs);
        Assert.Equal(ran.CurrentManagedThreadId, ran.LastThread);
        Assert.Equal(["one\n", "two\n"], writer.Written);
    }

    [Fact]
    public async Task A_round_that_woke_more_writers_than_it_may_run_hands_all_of_them_to_the_thread_pool()
    {
        var sleeping = Enumerable.Range(0, 3).Select(_ => SleepingWriter()).ToList();
        var round = await OnOwnThread(() =>
        {
            WriterWakes.DeferOnThisThread();
            foreach (var (outbox, _) in sleeping)
            {
                outbox.Enqueue("hello\n"u8.ToArray());
            }

            WriterWakes.RunDeferred(maxHere: 2);
            return Environment.CurrentManagedThreadId;
        });

        foreach (var (_, writer) in sleeping)
        {
            var thread = await writer.FirstRun.WaitAsync(Timeout);
            Assert.NotEqual(round, thread);
            Assert.Equal(["hello\n"], writer.Written);
        }
    }

    [Fact]
    public async Task A_thread_that_did_not_opt_in_wakes_writers_through_the_thread_pool_at_once()
    {
        var (outbox, writer) = SleepingWriter();
        var caller = await OnOwnThread(() =>
        {
            outbox.Enqueue("now\n"u8.ToArray());
            return Environment.CurrentManagedThreadId;
        });

        Assert.NotEqual(caller, await writer.FirstRun.WaitAsync(Timeout));
        Assert.Equal(["now\n"], writer.Written);
    }

    [Fact]
    public async Task A_thread_that_ran_its_writers_and_stopped_deferring_wakes_later_writers_through_the_thread_pool()
    {
        var (roundOutbox, roundWriter) = SleepingWriter();
        var (laterOutbox, laterWriter) = SleepingWriter();
        var reader = await OnOwnThread(() =>
        {
            WriterWakes.DeferOnThisThread();
            roundOutbox.Enqueue("in the round\n"u8.ToArray());
            WriterWakes.RunDeferredAndStop(maxHere: 4);
            laterOutbox.Enqueue("after it\n"u8.ToArray());
            return Environment.CurrentManagedThreadId;
        });

        Assert.Equal(reader, roundWriter.LastThread);
        Assert.Equal(["in the round\n"], roundWriter.Written);
        Assert.NotEqual(reader, await laterWriter.FirstRun.WaitAsync(Timeout));
        Assert.Equal(["after it\n"], laterWriter.Written);
    }

    [Fact]
    public async Task A_round_started_inside_a_writers_run_defers_into_a_list_of_its_own_and_its_writers_run_next()
    {
        var (lateOutbox, lateWriter) = SleepingWriter();
        var (outbox, _) = SleepingWriter();
        var (firstOutbox, _) = SleepingWriter();
        var starter = new ActionWriter(() =>
        {
            // A reader told of a reset goes on inside this run and runs a round that wakes another writer.
            WriterWakes.DeferOnThisThread();
            lateOutbox.Enqueue("late\n"u8.ToArray());
            WriterWakes.RunDeferredAndStop(maxHere: 4);
        });
        var thread = await OnOwnThread(() =>
        {
            // A list kept from an earlier stop is the one the nested round would have picked up.
            WriterWakes.DeferOnThisThread();
            firstOutbox.Enqueue("first\n"u8.ToArray());
            WriterWakes.RunDeferredAndStop(maxHere: 4);

            WriterWakes.DeferOnThisThread();
            Assert.False(outbox.WaitToRead(out _, starter));
            outbox.Enqueue("go\n"u8.ToArray());
            WriterWakes.RunDeferred(maxHere: 4);
            return Environment.CurrentManagedThreadId;
        });

        Assert.Equal(["late\n"], lateWriter.Written);
        Assert.Equal(thread, lateWriter.LastThread);
    }

    private static (Outbox Outbox, RecordingWriter Writer) SleepingWriter()
    {
        var outbox = new Outbox(1024);
        var writer = new RecordingWriter(outbox);
        Assert.False(outbox.WaitToRead(out _, writer));
        return (outbox, writer);
    }

    /// <summary>Runs on a thread of its own, as the hub's is: the deferral is per thread, and must not stay on a pool thread.</summary>
    private static Task<T> OnOwnThread<T>(Func<T> body) => OwnThread.Run(body);

    /// <summary>A writer whose run does something else (here: starts a round of its own).</summary>
    private sealed class ActionWriter(Action run) : IThreadPoolWorkItem
    {
        public void Execute() => run();
    }

    /// <summary>A writer as a session's: takes everything queued, then sleeps again.</summary>
    private sealed class RecordingWriter(Outbox outbox) : IThreadPoolWorkItem
    {
        private readonly TaskCompletionSource<int> _firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _written = [];

        public int Runs { get; private set; }

        public int LastThread { get; private set; }

        public Task<int> FirstRun => _firstRun.Task;

        public IReadOnlyList<string> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public void Execute()
        {
            while (outbox.WaitToRead(out var more, this) && more)
            {
                while (outbox.TryDequeue(out var bytes))
                {
                    lock (_written)
                    {
                        _written.Add(System.Text.Encoding.UTF8.GetString(bytes.Span));
                    }
                }
            }

            Runs++;
            LastThread = Environment.CurrentManagedThreadId;
            _firstRun.TrySetResult(LastThread);
        }
    }
}
