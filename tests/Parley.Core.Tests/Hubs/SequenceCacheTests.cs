using Parley.Core.Hubs;

namespace Parley.Core.Tests.Hubs;

public sealed class SequenceCacheTests
{
    private static readonly UInt128 Bob = SequenceCache.KeyOf("alice!bob");
    private static readonly UInt128 Carol = SequenceCache.KeyOf("alice!carol");
    private static readonly UInt128 Dave = SequenceCache.KeyOf("alice!dave");

    [Fact]
    public void A_conversation_used_in_every_generation_is_never_forgotten()
    {
        var cache = new SequenceCache(bound: 2);
        cache.Set(Bob, 1);
        for (var turn = 0; turn < 5; turn++)
        {
            cache.Trim();
            Assert.True(cache.TryGet(Bob, out var last));
            cache.Set(Bob, last + 1);
        }

        Assert.True(cache.TryGet(Bob, out var final));
        Assert.Equal(6, final);
    }

    [Fact]
    public void A_conversation_idle_for_two_turns_is_forgotten_and_the_count_stays_within_the_bound()
    {
        var cache = new SequenceCache(bound: 4);
        cache.Set(Bob, 1);
        cache.Set(Carol, 1);
        cache.Trim(); // current full: it becomes the previous generation
        Assert.Equal(2, cache.Count);

        Assert.True(cache.TryGet(Bob, out _)); // moves back to the current generation
        cache.Set(Dave, 1);
        cache.Trim();
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(Carol, out _));
        Assert.True(cache.TryGet(Bob, out _));
        Assert.True(cache.TryGet(Dave, out _));
    }

    [Fact]
    public void Below_a_full_generation_trimming_changes_nothing()
    {
        var cache = new SequenceCache(bound: 4);
        cache.Set(Bob, 7);
        cache.Trim();
        cache.Trim();
        Assert.True(cache.TryGet(Bob, out var last));
        Assert.Equal(7, last);
    }

    [Fact]
    public void A_forgotten_conversation_is_gone_from_both_generations()
    {
        var cache = new SequenceCache(bound: 2);
        cache.Set(Bob, 3);
        cache.Trim();
        cache.Set(Bob, 4); // now in both: the current one wins, and Forget takes both
        cache.Forget(Bob);
        Assert.False(cache.TryGet(Bob, out _));
        Assert.Equal(0, cache.Count);
    }
}
