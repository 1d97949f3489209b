using Parley.Bench.Metrics;
using Parley.Bench.Net;
using Parley.Bench.Protocol;
using Parley.Bench.Reporting;

namespace Parley.Bench.Scenarios;

/// <summary>
/// N registered, silent connections that answer PING: what does one connection cost the server in resident memory?
/// </summary>
/// <remarks>
/// VmRSS is read three times: before connecting, after a first cohort of <c>firstCohort</c> connections has settled,
/// and after the hold with all of them. The headline figure is the marginal cost, (all − after the first cohort) /
/// (the others): the first cohort pays each server's one-time costs of serving connections at all (code paged in or
/// compiled, pools and buffers grown, a collector's first budget), which are not per connection. The growth from the
/// fresh process over all connections is reported too (<c>server_rss_growth_per_conn_kib</c>).
/// </remarks>
public sealed class IdleScenario(BenchSettings settings, int clients, bool join, int firstCohort) : ILineSink
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
        var nicks = new Nicks();
        var first = Math.Clamp(firstCohort, 0, clients - 1);
        var firstClients = await factory.OpenManyAsync(first, nicks, _ => join ? "idle" : null, this, BufferSize, ct);
        await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), ct);
        var afterFirst = ProcStats.ResidentKib(settings.ServerPid);
        var setup = System.Diagnostics.Stopwatch.StartNew();
        BenchClient[] rest;
        try
        {
            rest = await factory.OpenManyAsync(clients - first, nicks, _ => join ? "idle" : null, this, BufferSize, ct, firstId: first);
        }
        catch
        {
            await factory.CloseAllAsync(firstClients);
            throw;
        }

        setup.Stop();
        var all = firstClients.Concat(rest).ToArray();
        try
        {
            // Warm-up lets the server settle (allocator, lazily grown buffers) before the hold.
            await Task.Delay(TimeSpan.FromSeconds(settings.WarmupSeconds), ct);
            var a = CpuSample.Take(settings.ServerPid);
            await Task.Delay(TimeSpan.FromSeconds(settings.DurationSeconds), ct);
            var b = CpuSample.Take(settings.ServerPid);
            var loaded = ProcStats.ResidentKib(settings.ServerPid);
            var perConnection = afterFirst is { } f0 && loaded is { } f1 ? (f1 - f0) / (double)(clients - first) : (double?)null;
            var growth = baseline is { } b0 && loaded is { } b1 ? (b1 - b0) / (double)clients : (double?)null;
            return new Report("idle", settings.Label)
                .Add("clients", clients)
                .Add("joined_room", join ? 1 : 0)
                .Add("first_cohort", first)
                .Add("setup_s", setup.Elapsed.TotalSeconds, "s")
                .Add("connect_per_s", (clients - first) / setup.Elapsed.TotalSeconds, "conn/s")
                .Add("server_rss_baseline_kib", baseline, "KiB")
                .Add("server_rss_first_cohort_kib", afterFirst, "KiB")
                .Add("server_rss_loaded_kib", loaded, "KiB")
                .Add("server_rss_per_conn_kib", perConnection, "KiB")
                .Add("server_rss_growth_per_conn_kib", growth, "KiB")
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
