using Parley.Bench.Scenarios;

namespace Parley.Bench.Tests;

/// <summary>Runs the real generator for ~2 s against <see cref="FakeIrcRelay"/>.</summary>
public sealed class FanoutSmokeTests
{
    private static BenchSettings Settings(int port) => new()
    {
        Port = port,
        DurationSeconds = 2,
        WarmupSeconds = 0.2,
        DrainSeconds = 5,
        // Two source addresses exercise the bind-before-connect path.
        Sources = Net.SourceAddressPool.Parse("127.0.0.1,127.0.0.2"),
        Label = "fake",
        Output = TextWriter.Null,
    };

    [Fact]
    public async Task Windowed_fanout_delivers_everything()
    {
        await using var relay = new FakeIrcRelay();
        var plan = TrafficPlans.Rooms("fanout", 1, 10, 2, rate: null, window: 8, padding: 16, _ => "bench", [("clients", 10)]);
        using var engine = new TrafficEngine(Settings(relay.Port), plan);

        var report = await engine.RunAsync(CancellationToken.None);

        Assert.True(report["received_deliveries"] > 0, "no deliveries");
        Assert.Equal(0, report["lost"]);
        Assert.Equal(0, report["duplicates"]);
        Assert.Equal(report["expected_deliveries"], report["received_deliveries"]);
        Assert.True(report["latency_samples"] > 0);
        Assert.True(report["latency_p99_us"] >= report["latency_p50_us"]);
    }

    [Fact]
    public async Task Paced_private_messages_arrive_at_their_rate()
    {
        await using var relay = new FakeIrcRelay();
        var plan = TrafficPlans.PrivateMessages(clients: 6, rate: 50, window: 8, padding: 8);
        using var engine = new TrafficEngine(Settings(relay.Port), plan);

        var report = await engine.RunAsync(CancellationToken.None);

        Assert.Equal(0, report["lost"]);
        // 6 senders x 50 msg/s on a schedule that runs through warm-up (0.2 s) and measurement (2 s): 660 messages.
        // A sender that starts late catches up in a burst (the schedule never drifts), which can land inside the
        // measurement window and inflate sent_per_s on a busy machine, so the schedule's total is what is checked.
        Assert.InRange(report["sent_total"]!.Value, 600, 670);
    }
}
