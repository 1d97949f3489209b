using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

public sealed class QueueArraysTests
{
    [Fact]
    public async Task An_array_given_back_on_one_thread_is_taken_again_on_another()
    {
        var array = QueueArrays.Rent(QueueArrays.FirstLength);
        Assert.Equal(QueueArrays.FirstLength, array.Length);

        // Given back on a writer's thread, as the Outbox does once it is drained.
        await Task.Run(() => QueueArrays.Return(array));

        // Other tests may rent and return at the same time, so look for it among a few.
        var rented = Enumerable.Range(0, 64).Select(_ => QueueArrays.Rent(QueueArrays.FirstLength)).ToList();
        Assert.Contains(rented, r => ReferenceEquals(r, array));
        rented.ForEach(QueueArrays.Return);
    }

    [Fact]
    public void Bigger_arrays_come_from_the_shared_pool_and_go_back_to_it()
    {
        var array = QueueArrays.Rent(QueueArrays.FirstLength * 4);
        Assert.True(array.Length >= QueueArrays.FirstLength * 4);
        QueueArrays.Return(array);
    }
}
