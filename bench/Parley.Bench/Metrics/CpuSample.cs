using System.Diagnostics;

namespace Parley.Bench.Metrics;

/// <summary>CPU time of the generator and the server at one instant.</summary>
public readonly record struct CpuSample(long Timestamp, TimeSpan Self, TimeSpan? Server)
{
    public static CpuSample Take(int? serverPid) =>
        new(Stopwatch.GetTimestamp(), ProcStats.SelfCpu(), ProcStats.ProcessCpu(serverPid));

    public double WallSecondsSince(CpuSample start) => Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;

    /// <summary>Generator CPU between the samples, as a fraction of one core (1.0 = one core busy).</summary>
    public double SelfCoresSince(CpuSample start) => (Self - start.Self).TotalSeconds / WallSecondsSince(start);

    public double? ServerCoresSince(CpuSample start) =>
        Server is { } s && start.Server is { } s0 ? (s - s0).TotalSeconds / WallSecondsSince(start) : null;

    public double? ServerSecondsSince(CpuSample start) =>
        Server is { } s && start.Server is { } s0 ? (s - s0).TotalSeconds : null;
}
