using Parley.Bench.Net;
using Parley.Bench.Protocol;

namespace Parley.Bench.Scenarios;

/// <summary>
/// What a message scenario (fanout, rooms, pm) sets up: how many clients, which room each joins,
/// which of them send and to whom, and how fast.
/// </summary>
public sealed class TrafficPlan
{
    public required string Scenario { get; init; }

    public required int Clients { get; init; }

    /// <summary>Room a client joins (without '#'), or null to join none.</summary>
    public required Func<int, string?> RoomOf { get; init; }

    /// <summary>Client ids that send; sender i (its index here) is the senderId in payloads.</summary>
    public required IReadOnlyList<int> SenderClients { get; init; }

    /// <summary>Builds sender i's target chooser once all clients are connected.</summary>
    public required Func<int, IDialect, BenchClient[], ITargetChooser> Targets { get; init; }

    /// <summary>Messages per second per sender, on a fixed schedule; null = as fast as the window allows.</summary>
    public double? Rate { get; init; }

    /// <summary>
    /// Unacknowledged messages per sender in max mode. It bounds what the server must queue, so
    /// latency measures service rather than an ever-growing backlog; throughput is about
    /// window * senders / round trip, so raise it until delivered/s stops growing.
    /// </summary>
    public int Window { get; init; } = 32;

    /// <summary>Padding bytes per payload, to set the message size.</summary>
    public int Padding { get; init; } = 32;

    /// <summary>Receive buffer per client: large enough for a burst of fan-out lines per read.</summary>
    public int BufferSize { get; init; } = 16 * 1024;

    /// <summary>The scenario's parameters, echoed in the report.</summary>
    public IReadOnlyList<(string Key, double Value)> Parameters { get; init; } = [];
}
