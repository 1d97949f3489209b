using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

public sealed class QueueArraysTests
{
    [Fact]
    public async Task Arrays_given_back_on_one_thread_are_taken_again_on_another()
    {
        var given = Enumerable.Range(0, 64).Select(_ => QueueArrays.Rent(QueueArrays.FirstLength)).ToList();
        Assert.All(given, array => Assert.Equal(QueueArrays.FirstLength, array.Length));

        // Given back on a writer's thread, as the Outbox does once it is drained.
        await Task.Run(() => given.ForEach(QueueArrays.Return));

        // Other tests' Outboxes share the pool and may take a few meanwhile, so most, not all, come back here.
        var taken = Enumerable.Range(0, 64).Select(_ => QueueArrays.Rent(QueueArrays.FirstLength)).ToList();
        var reused = taken.Count(array => given.Any(g => ReferenceEquals(g, array)));
        Assert.True(reused >= 32, $"only {reused} of 64 arrays were reused");
        taken.ForEach(QueueArrays.Return);
    }

    [Fact]
    public void Bigger_arrays_come_from_the_shared_pool_and_go_back_to_it()
    {
        var array = QueueArrays.Rent(QueueArrays.FirstLength * 4);
        Assert.True(array.Length >= QueueArrays.FirstLength * 4);
        QueueArrays.Return(array);
    }
}
