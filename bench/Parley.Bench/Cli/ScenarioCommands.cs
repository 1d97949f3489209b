using System.CommandLine;
using Parley.Bench.Reporting;
using Parley.Bench.Scenarios;

namespace Parley.Bench.Cli;

/// <summary>One subcommand per scenario; each runs it and emits its report.</summary>
public static class ScenarioCommands
{
    public static Command Fanout(GlobalOptions g)
    {
        var clients = new Option<int>("--clients") { Description = "Clients in #bench", DefaultValueFactory = _ => 100 };
        var senders = new Option<int>("--senders") { Description = "Clients that send", DefaultValueFactory = _ => 10 };
        var rate = RateOption.Create("max");
        var window = WindowOption();
        var padding = PaddingOption();
        var cmd = new Command("fanout", "C clients in one room, S of them sending") { clients, senders, rate, window, padding };
        cmd.SetAction((r, ct) => RunAsync(g.Bind(r), s => new TrafficEngine(s, TrafficPlans.Rooms(
            "fanout", 1, r.GetValue(clients), r.GetValue(senders), r.GetValue(rate), r.GetValue(window), r.GetValue(padding),
            _ => "bench", [("clients", r.GetValue(clients)), ("senders", r.GetValue(senders))])), e => e.RunAsync(ct)));
        return cmd;
    }

    public static Command Rooms(GlobalOptions g)
    {
        var rooms = new Option<int>("--rooms") { Description = "Number of rooms", DefaultValueFactory = _ => 100 };
        var members = new Option<int>("--members") { Description = "Clients per room", DefaultValueFactory = _ => 10 };
        var senders = new Option<int>("--senders-per-room") { Description = "Sending members per room", DefaultValueFactory = _ => 1 };
        var rate = RateOption.Create("10");
        var window = WindowOption();
        var padding = PaddingOption();
        var cmd = new Command("rooms", "Many small rooms, traffic in all") { rooms, members, senders, rate, window, padding };
        cmd.SetAction((r, ct) => RunAsync(g.Bind(r), s => new TrafficEngine(s, TrafficPlans.Rooms(
            "rooms", r.GetValue(rooms), r.GetValue(members), r.GetValue(senders), r.GetValue(rate), r.GetValue(window), r.GetValue(padding),
            i => $"r{i}", [("rooms", r.GetValue(rooms)), ("members", r.GetValue(members)), ("senders", r.GetValue(rooms) * r.GetValue(senders))])), e => e.RunAsync(ct)));
        return cmd;
    }

    public static Command PrivateMessages(GlobalOptions g)
    {
        var clients = new Option<int>("--clients") { Description = "Clients, each sending to random others", DefaultValueFactory = _ => 1000 };
        var rate = RateOption.Create("10");
        var window = WindowOption();
        var padding = PaddingOption();
        var cmd = new Command("pm", "Private messages between random pairs") { clients, rate, window, padding };
        cmd.SetAction((r, ct) => RunAsync(g.Bind(r), s => new TrafficEngine(s, TrafficPlans.PrivateMessages(
            r.GetValue(clients), r.GetValue(rate), r.GetValue(window), r.GetValue(padding))), e => e.RunAsync(ct)));
        return cmd;
    }

    public static Command Idle(GlobalOptions g)
    {
        var clients = new Option<int>("--clients") { Description = "Idle registered connections", DefaultValueFactory = _ => 1000 };
        var join = new Option<bool>("--join") { Description = "Also join one room (#idle)" };
        var first = new Option<int?>("--first-cohort")
        {
            Description = "Connections opened first; the per-connection figure counts only the others (default: a twentieth of --clients)",
        };
        var cmd = new Command("idle", "Server memory per idle connection") { clients, join, first };
        cmd.SetAction((r, ct) =>
        {
            var count = r.GetValue(clients);
            return RunAsync(g.Bind(r), s => new IdleScenario(s, count, r.GetValue(join), r.GetValue(first) ?? count / 20).RunAsync(ct));
        });
        return cmd;
    }

    public static Command Churn(GlobalOptions g)
    {
        var workers = new Option<int>("--workers") { Description = "Parallel connect/register/join/say/quit loops", DefaultValueFactory = _ => 8 };
        var cmd = new Command("churn", "Sessions per second") { workers };
        cmd.SetAction((r, ct) => RunAsync(g.Bind(r), s => new ChurnScenario(s, r.GetValue(workers)), e => e.RunAsync(ct)));
        return cmd;
    }

    private static Option<int> WindowOption() => new("--window")
    {
        Description = "Unacknowledged messages per sender in max mode (acked on arrival at a designated receiver)",
        DefaultValueFactory = _ => 32,
    };

    private static Option<int> PaddingOption() => new("--padding")
    {
        Description = "Padding bytes per message (message size)",
        DefaultValueFactory = _ => 32,
    };

    private static Task<int> RunAsync<T>(BenchSettings settings, Func<BenchSettings, T> create, Func<T, Task<Report>> run)
        where T : IDisposable =>
        RunAsync(settings, async s =>
        {
            using var scenario = create(s);
            return await run(scenario);
        });

    private static async Task<int> RunAsync(BenchSettings settings, Func<BenchSettings, Task<Report>> run)
    {
        try
        {
            var report = await run(settings);
            report.Emit(settings);
            return 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"parley-bench: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }
}
