using Parley.Bench.Metrics;
using Parley.Bench.Net;
using Parley.Bench.Protocol;
using Parley.Bench.Reporting;

namespace Parley.Bench.Scenarios;

/// <summary>
/// N registered, silent connections that answer PING: what does one connection cost the server
/// in resident memory? Baseline VmRSS is read before connecting, then again after the hold.
/// </summary>
public sealed class IdleScenario(BenchSettings settings, int clients, bool join) : ILineSink
{
    // Idle clients receive little (welcome burst, pings): a small buffer keeps the generator's
    // own memory low at 50k+ connections.
    private const int BufferSize = 4096;

    private readonly IDialect _dialect = Dialects.For(settings.Protocol);

    public void OnLine(BenchClient client, ReadOnlySpan<byte> line) => _dialect.HandleControl(client, line);

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        var baseline = ProcStats.ResidentKib(settings.ServerPid);
        var factory = new ClientFactory(settings, _dialect);
        var setup = System.Diagnostics.Stopwatch.StartNew();
        var all = await factory.OpenManyAsync(clients, new Nicks(), _ => join ? "idle" : null, this, BufferSize, ct);
        setup.Stop();
        try
        {
            // Warm-up lets the server settle (allocator, lazily grown buffers) before the hold.
            await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), ct);
            var a = CpuSample.Take(settings.ServerPid);
            await Task.Delay(TimeSpan.FromSeconds(settings.DurationSeconds), ct);
            var b = CpuSample.Take(settings.ServerPid);
            var loaded = ProcStats.ResidentKib(settings.ServerPid);
            var perConnection = baseline is { } b0 && loaded is { } b1 ? (b1 - b0) / (double)clients : (double?)null;
            return new Report("idle", settings.Label)
                .Add("clients", clients)
                .Add("joined_room", join ? 1 : 0)
                .Add("setup_s", setup.Elapsed.TotalSeconds, "s")
                .Add("connect_per_s", clients / setup.Elapsed.TotalSeconds, "conn/s")
                .Add("server_rss_baseline_kib", baseline, "KiB")
                .Add("server_rss_loaded_kib", loaded, "KiB")
                .Add("server_rss_per_conn_kib", perConnection, "KiB")
                .Add("connections_lost", all.Count(c => c.LostConnection))
                .Add("generator_cpu", b.SelfCoresSince(a), "cores")
                .Add("server_cpu", b.ServerCoresSince(a), "cores");
        }
        finally
        {
            await factory.CloseAllAsync(all);
        }
    }
}
