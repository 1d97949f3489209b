using System.Diagnostics;
using System.Net.Sockets;
using HdrHistogram;
using Parley.Bench.Metrics;
using Parley.Bench.Net;
using Parley.Bench.Protocol;
using Parley.Bench.Reporting;

namespace Parley.Bench.Scenarios;

/// <summary>
/// K workers, each in a loop: connect, register, join, say one line, quit, wait for the server
/// to close. Measures whole sessions per second and the latency of one session.
/// </summary>
public sealed class ChurnScenario(BenchSettings settings, int workers) : ILineSink, IDisposable
{
    private const int BufferSize = 4096;
    private const string Room = "churn";

    private readonly IDialect _dialect = Dialects.For(settings.Protocol);
    private readonly LatencyRecorder _latency = new();
    private long _completed;
    private long _failed;
    private long _nextId;

    public void OnLine(BenchClient client, ReadOnlySpan<byte> line) => _dialect.HandleControl(client, line);

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        var factory = new ClientFactory(settings, _dialect);
        var nicks = new Nicks();
        var say = _dialect.RoomMessagePrefix(Room).Concat("hello from churn"u8.ToArray()).Concat(_dialect.NewLine.ToArray()).ToArray();
        var freq = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(settings.WarmupSeconds * freq);
        var measureEnd = measureStart + (long)(settings.DurationSeconds * freq);

        var loops = Enumerable.Range(0, workers)
            .Select(_ => Task.Run(() => WorkerAsync(factory, nicks, say, measureStart, measureEnd, ct)))
            .ToArray();

        await TrafficEngine.DelayUntil(measureStart, ct);
        var a = CpuSample.Take(settings.ServerPid);
        var doneA = Volatile.Read(ref _completed);
        await TrafficEngine.DelayUntil(measureEnd, ct);
        var b = CpuSample.Take(settings.ServerPid);
        var doneB = Volatile.Read(ref _completed);
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(settings.SetupTimeoutSeconds + 5), ct);

        var wall = b.WallSecondsSince(a);
        var h = _latency.Snapshot();
        double? P(double p) => h.TotalCount == 0 ? null : h.GetValueAtPercentile(p);
        var serverSeconds = b.ServerSecondsSince(a);
        return new Report("churn", settings.Label)
            .Add("workers", workers)
            .Add("duration_s", wall, "s")
            .Add("sessions_per_s", (doneB - doneA) / wall, "sessions/s")
            .Add("session_p50_us", P(50), "µs")
            .Add("session_p99_us", P(99), "µs")
            .Add("session_max_us", h.TotalCount == 0 ? null : h.GetMaxValue(), "µs")
            .Add("failed", Volatile.Read(ref _failed), "sessions")
            .Add("generator_cpu", b.SelfCoresSince(a), "cores")
            .Add("server_cpu", b.ServerCoresSince(a), "cores")
            .Add("server_cpu_per_session_us", serverSeconds is { } s && doneB > doneA ? s * 1e6 / (doneB - doneA) : null, "µs");
    }

    private async Task WorkerAsync(ClientFactory factory, Nicks nicks, byte[] say, long measureStart, long measureEnd, CancellationToken ct)
    {
        while (Stopwatch.GetTimestamp() < measureEnd && !ct.IsCancellationRequested)
        {
            var begin = Stopwatch.GetTimestamp();
            try
            {
                var id = Interlocked.Increment(ref _nextId);
                var client = await factory.OpenAsync((int)id, nicks.For(id), Room, this, BufferSize, ct);
                await using (client)
                {
                    await client.SendAsync(say, ct);
                    await client.SendAsync(_dialect.QuitLine, ct);
                    // The server closes after QUIT; closing first would leave TIME_WAIT on our side.
                    await client.Reader.WaitAsync(settings.SetupTimeout, ct);
                }

                var end = Stopwatch.GetTimestamp();
                if (end >= measureStart && end < measureEnd)
                {
                    Interlocked.Increment(ref _completed);
                    _latency.RecordTicks(end - begin);
                }
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or InvalidOperationException or IOException)
            {
                Interlocked.Increment(ref _failed);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Dispose() => _latency.Dispose();
}
