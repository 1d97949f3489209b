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
/// Rest is judged by the hub's work, not by allocation: Parley allocates little per message, so a server relaying
/// thousands of messages a second can allocate less than an idle one takes to answer its pings.
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
