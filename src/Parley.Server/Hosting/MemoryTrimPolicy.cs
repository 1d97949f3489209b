namespace Parley.Server.Hosting;

/// <summary>The server at one check: hub work items run so far, bytes allocated so far, committed, and in use.</summary>
internal readonly record struct MemorySample(long WorkItems, long AllocatedBytes, long CommittedBytes, long InUseBytes);

/// <summary>
/// Decides when the server is at rest after a busy period and holds memory worth returning, so that the trim's pause
/// (a full, compacting collection) falls when few wait for anything, and once per busy period.
/// </summary>
/// <remarks>
/// Why at all: the collector keeps what a busy period made it commit (free regions, a grown allocation budget) in
/// case the load comes back. After 19,000 connections arrived that was about 2.4 KiB per connection on top of the
/// objects themselves (docs/benchmarks.md, *Memory at rest*). A server at rest should not hold it.
/// Rest is judged by the hub's work, the direct measure of how many wait for the server, not by allocation, which
/// depends on the kind of message: relaying 1,000 messages a second allocated 23 MB in 5 s when they went to rooms
/// of 100, and 5.4–7.3 MB when they were private, so a few hundred private messages a second would pass for rest.
/// </remarks>
internal sealed class MemoryTrimPolicy(int quietWorkItems, long minimumTrimBytes)
{
    private MemorySample? _lastCheck;
    private long _allocatedAtLastTrim;

    /// <summary>True when fewer than the quiet number of work items ran since the previous check, and both the
    /// allocation since the last trim and the committed memory beyond what is in use reach the minimum.</summary>
    public bool ShouldTrim(MemorySample sample)
    {
        // The first check has nothing to compare with: whether the server is at rest is not known yet.
        var atRest = _lastCheck is { } previous && sample.WorkItems - previous.WorkItems < quietWorkItems;
        _lastCheck = sample;
        return atRest
            && sample.AllocatedBytes - _allocatedAtLastTrim >= minimumTrimBytes
            && sample.CommittedBytes - sample.InUseBytes >= minimumTrimBytes;
    }

    /// <summary>Records a trim, so that the next one waits for a new busy period.</summary>
    public void Trimmed(MemorySample after)
    {
        _allocatedAtLastTrim = after.AllocatedBytes;
        _lastCheck = after;
    }
}
