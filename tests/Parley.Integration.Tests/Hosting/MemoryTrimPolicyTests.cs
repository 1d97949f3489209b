using Parley.Server.Hosting;

namespace Parley.Integration.Tests.Hosting;

public sealed class MemoryTrimPolicyTests
{
    private const long MiB = 1024 * 1024;
    private const int QuietWorkItems = 100;

    private static readonly MemorySample Busy = new(WorkItems: 50_000, AllocatedBytes: 400 * MiB, CommittedBytes: 200 * MiB, InUseBytes: 60 * MiB);

    private static MemoryTrimPolicy NewPolicy() => new(QuietWorkItems, minimumTrimBytes: 16 * MiB);

    private static MemorySample Later(MemorySample sample, long work = 0, long allocated = 0) =>
        sample with { WorkItems = sample.WorkItems + work, AllocatedBytes = sample.AllocatedBytes + allocated };

    [Fact]
    public void The_first_check_does_not_trim_as_it_cannot_tell_whether_the_server_is_at_rest()
    {
        Assert.False(NewPolicy().ShouldTrim(Busy));
    }

    [Fact]
    public void A_server_at_rest_after_a_busy_period_is_trimmed()
    {
        var policy = NewPolicy();
        policy.ShouldTrim(Busy);
        Assert.True(policy.ShouldTrim(Later(Busy, work: QuietWorkItems - 1, allocated: MiB)));
    }

    [Fact]
    public void A_server_that_is_still_working_is_not_trimmed_however_little_it_allocates()
    {
        var policy = NewPolicy();
        policy.ShouldTrim(Busy);
        Assert.False(policy.ShouldTrim(Later(Busy, work: QuietWorkItems)));
    }

    [Fact]
    public void Little_committed_beyond_what_is_in_use_is_not_worth_the_pause()
    {
        var policy = NewPolicy();
        var lean = Busy with { CommittedBytes = Busy.InUseBytes + (16 * MiB) - 1 };
        policy.ShouldTrim(lean);
        Assert.False(policy.ShouldTrim(Later(lean, work: 1)));
    }

    [Fact]
    public void A_server_that_stays_at_rest_is_trimmed_once_and_again_only_after_the_next_busy_period()
    {
        var policy = NewPolicy();
        policy.ShouldTrim(Busy);
        var rest = Later(Busy, work: 1);
        Assert.True(policy.ShouldTrim(rest));
        // The collector still reports much committed (as of its last collection) until the next one: what counts
        // is that nothing was allocated since the trim.
        policy.Trimmed(rest);
        Assert.False(policy.ShouldTrim(Later(rest, work: 1, allocated: MiB)));
        Assert.False(policy.ShouldTrim(Later(rest, work: 2, allocated: 2 * MiB)));

        var busyAgain = Later(rest, work: 10_000, allocated: 100 * MiB);
        Assert.False(policy.ShouldTrim(busyAgain));
        Assert.True(policy.ShouldTrim(Later(busyAgain, work: 3)));
    }
}
