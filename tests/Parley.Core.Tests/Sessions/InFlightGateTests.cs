using System.Collections.Concurrent;
using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

public sealed class InFlightGateTests
{
    [Fact]
    public void Places_up_to_the_limit_are_taken_at_once()
    {
        var gate = new InFlightGate(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(gate.WaitAsync().AsTask().IsCompletedSuccessfully);
        }

        Assert.Equal(4, gate.InFlight);
        Assert.False(gate.WaitAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_reader_at_the_limit_wakes_only_when_the_backlog_is_down_to_half()
    {
        var gate = new InFlightGate(8);
        for (var i = 0; i < 8; i++)
        {
            await gate.WaitAsync();
        }

        var wait = gate.WaitAsync().AsTask();
        for (var i = 0; i < 3; i++)
        {
            gate.Release();
        }

        Assert.False(wait.IsCompleted);
        Assert.Equal(5, gate.InFlight);

        gate.Release();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        // The woken reader holds the place it waited for: 4 left in flight plus its own.
        Assert.Equal(5, gate.InFlight);
    }

    [Fact]
    public async Task A_limit_of_one_alternates_between_reader_and_hub()
    {
        var gate = new InFlightGate(1);
        await gate.WaitAsync();
        var wait = gate.WaitAsync().AsTask();
        Assert.False(wait.IsCompleted);
        gate.Release();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public async Task Every_place_taken_under_contention_is_given_back_and_nothing_hangs()
    {
        const int Commands = 200_000;
        var gate = new InFlightGate(16);
        var posted = new BlockingCollection<int>();
        var hub = Task.Run(() =>
        {
            foreach (var _ in posted.GetConsumingEnumerable())
            {
                gate.Release();
            }
        });

        for (var i = 0; i < Commands; i++)
        {
            await gate.WaitAsync();
            Assert.InRange(gate.InFlight, 1, 16);
            posted.Add(i);
        }

        posted.CompleteAdding();
        await hub.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, gate.InFlight);
    }
}
