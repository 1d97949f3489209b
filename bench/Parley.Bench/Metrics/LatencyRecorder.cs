using System.Diagnostics;
using HdrHistogram;

namespace Parley.Bench.Metrics;

/// <summary>
/// Latency in microseconds, recorded from every reader loop without locks: one histogram per
/// thread (a thread runs one continuation at a time, so a thread's histogram has one writer),
/// merged when the run is over. Per-connection histograms would cost ~50 KiB each at 10k clients.
/// </summary>
public sealed class LatencyRecorder : IDisposable
{
    // 1 µs .. 60 s at 3 significant digits: 0.1% error, ~40 KiB per histogram.
    private const long HighestMicros = 60_000_000;
    private const int SignificantDigits = 3;

    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly ThreadLocal<LongHistogram> _perThread =
        new(() => new LongHistogram(HighestMicros, SignificantDigits), trackAllValues: true);

    public void RecordTicks(long elapsedTicks)
    {
        var micros = (long)(elapsedTicks * MicrosPerTick);
        _perThread.Value!.RecordValue(Math.Clamp(micros, 0, HighestMicros));
    }

    public static double TicksToMicros(long ticks) => ticks * MicrosPerTick;

    /// <summary>Merges all threads' histograms; call once recording has stopped.</summary>
    public LongHistogram Snapshot()
    {
        var merged = new LongHistogram(HighestMicros, SignificantDigits);
        foreach (var h in _perThread.Values)
        {
            merged.Add(h);
        }

        return merged;
    }

    public void Dispose() => _perThread.Dispose();
}
