using System.Diagnostics;
using HdrHistogram;
using Parley.Bench.Metrics;
using Parley.Bench.Net;
using Parley.Bench.Protocol;
using Parley.Bench.Reporting;

namespace Parley.Bench.Scenarios;

/// <summary>
/// Runs a <see cref="TrafficPlan"/>: set-up, warm-up, measurement, drain, report. It is also
/// the line sink of every client: receipt of a payload is counted, timed against the send
/// timestamp it carries, and acknowledges it to its sender's window when this client is an acker.
/// </summary>
public sealed class TrafficEngine : ILineSink, IDisposable
{
    private readonly BenchSettings _settings;
    private readonly TrafficPlan _plan;
    private readonly IDialect _dialect;
    private readonly LatencyRecorder _latency = new();
    private Sender[] _senders = [];

    // Payloads stamped at or after this Stopwatch timestamp are timed; MaxValue = not recording.
    private long _recordFrom = long.MaxValue;

    // Payloads stamped before this run began are history a server replays on join (from an earlier run on the same
    // machine: Stopwatch is the system's monotonic clock): counted apart, never as deliveries.
    private long _runStart = long.MinValue;
    private long _replayed;

    public TrafficEngine(BenchSettings settings, TrafficPlan plan)
    {
        _settings = settings;
        _plan = plan;
        _dialect = Dialects.For(settings.Protocol);
    }

    public void OnLine(BenchClient client, ReadOnlySpan<byte> line)
    {
        if (!Payload.TryParse(line, out var senderId, out var seq, out var ticks, out var acker))
        {
            _dialect.HandleControl(client, line);
            return;
        }

        if (ticks < Volatile.Read(ref _runStart))
        {
            Interlocked.Increment(ref _replayed);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref client.Delivered, client.Delivered + 1);
        if (ticks >= Volatile.Read(ref _recordFrom))
        {
            _latency.RecordTicks(now - ticks);
        }

        var senders = _senders;
        if ((uint)senderId >= (uint)senders.Length)
        {
            return;
        }

        var sender = senders[senderId];
        if (acker == client.Id)
        {
            sender.Window.Release();
        }
        else if (acker == Payload.SharedAckers && sender.IsSharedAcker(client.Id))
        {
            sender.Acknowledge(seq);
        }
    }

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        Volatile.Write(ref _runStart, Stopwatch.GetTimestamp());
        var factory = new ClientFactory(_settings, _dialect);
        var setup = Stopwatch.StartNew();
        var clients = await factory.OpenManyAsync(_plan.Clients, new Nicks(), _plan.RoomOf, this, _plan.BufferSize, ct);
        setup.Stop();
        try
        {
            _senders = [.. _plan.SenderClients.Select((clientId, i) => new Sender(
                i, clients[clientId], _plan.Targets(i, _dialect, clients), _plan.Window, _dialect.NewLine, _plan.Padding))];
            return await MeasureAsync(clients, setup.Elapsed, ct);
        }
        finally
        {
            await factory.CloseAllAsync(clients);
        }
    }

    private async Task<Report> MeasureAsync(BenchClient[] clients, TimeSpan setupTime, CancellationToken ct)
    {
        var freq = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(_settings.WarmupSeconds * freq);
        var measureEnd = measureStart + (long)(_settings.DurationSeconds * freq);
        Volatile.Write(ref _recordFrom, measureStart);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = _senders.Select(s => _plan.Rate is { } rate
            // Stagger the senders' schedules across one interval so they do not all fire together.
            ? Task.Run(() => s.RunPacedAsync(rate, start + (long)(s.Index * freq / rate / _senders.Length), measureEnd))
            : Task.Run(() => s.RunWindowedAsync(stop.Token))).ToArray();

        await DelayUntil(measureStart, ct);
        var a = Snapshot(clients);
        await DelayUntil(measureEnd, ct);
        var b = Snapshot(clients);
        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10), ct);

        // Drain: wait (bounded) for everything sent to arrive; the remainder is lost.
        var drainEnd = Stopwatch.GetTimestamp() + (long)(_settings.DrainSeconds * freq);
        while (Delivered(clients) < ExpectedDeliveries() && Stopwatch.GetTimestamp() < drainEnd)
        {
            await Task.Delay(20, ct);
        }

        Volatile.Write(ref _recordFrom, long.MaxValue);
        // Let reader loops finish the line they are timing before the histograms are merged.
        await Task.Delay(50, ct);
        return BuildReport(clients, setupTime, a, b);
    }

    private Report BuildReport(BenchClient[] clients, TimeSpan setupTime, Snap a, Snap b)
    {
        var wall = b.Cpu.WallSecondsSince(a.Cpu);
        var delivered = b.Delivered - a.Delivered;
        var serverSeconds = b.Cpu.ServerSecondsSince(a.Cpu);
        var expected = ExpectedDeliveries();
        var received = Delivered(clients);
        var latency = _latency.Snapshot();
        double? Percentile(double p) => latency.TotalCount == 0 ? null : latency.GetValueAtPercentile(p);

        var report = new Report(_plan.Scenario, _settings.Label);
        foreach (var (key, value) in _plan.Parameters)
        {
            report.Add(key, value);
        }

        return report
            .Add("rate_per_sender", _plan.Rate, _plan.Rate is null ? "max (windowed)" : "msg/s")
            .Add("window", _plan.Rate is null ? _plan.Window : null, "msgs")
            .Add("setup_s", setupTime.TotalSeconds, "s")
            .Add("duration_s", wall, "s")
            .Add("sent_per_s", (b.Sent - a.Sent) / wall, "msg/s")
            .Add("delivered_per_s", delivered / wall, "deliveries/s")
            .Add("latency_p50_us", Percentile(50), "µs")
            .Add("latency_p90_us", Percentile(90), "µs")
            .Add("latency_p99_us", Percentile(99), "µs")
            .Add("latency_p999_us", Percentile(99.9), "µs")
            .Add("latency_max_us", latency.TotalCount == 0 ? null : latency.GetMaxValue(), "µs")
            .Add("latency_samples", latency.TotalCount)
            .Add("sent_total", _senders.Sum(s => Volatile.Read(ref s.Sent)), "msgs")
            .Add("expected_deliveries", expected)
            .Add("received_deliveries", received)
            .Add("lost", Math.Max(0, expected - received), "deliveries")
            .Add("duplicates", Math.Max(0, received - expected), "deliveries")
            .Add("replayed_history", Interlocked.Read(ref _replayed), "lines")
            .Add("connections_lost", clients.Count(c => c.LostConnection))
            .Add("generator_cpu", b.Cpu.SelfCoresSince(a.Cpu), "cores")
            .Add("server_cpu", b.Cpu.ServerCoresSince(a.Cpu), "cores")
            .Add("server_cpu_per_delivery_us", serverSeconds is { } s && delivered > 0 ? s * 1e6 / delivered : null, "µs");
    }

    private long ExpectedDeliveries() => _senders.Sum(s => Volatile.Read(ref s.Expected));

    private static long Delivered(BenchClient[] clients) => clients.Sum(c => Volatile.Read(ref c.Delivered));

    private Snap Snapshot(BenchClient[] clients) =>
        new(CpuSample.Take(_settings.ServerPid), Delivered(clients), _senders.Sum(s => Volatile.Read(ref s.Sent)));

    internal static async Task DelayUntil(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    private readonly record struct Snap(CpuSample Cpu, long Delivered, long Sent);

    public void Dispose() => _latency.Dispose();
}
