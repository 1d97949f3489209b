using Parley.Bench.Net;
using Parley.Bench.Protocol;

namespace Parley.Bench;

/// <summary>Options shared by every scenario (the global command-line options).</summary>
public sealed record BenchSettings
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 6667;

    public BenchProtocol Protocol { get; init; } = BenchProtocol.Irc;

    public double DurationSeconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 2;

    /// <summary>How long to wait after the senders stop for messages still in flight.</summary>
    public double DrainSeconds { get; init; } = 3;

    public int? ServerPid { get; init; }

    public SourceAddressPool Sources { get; init; } = new([]);

    /// <summary>File to append the JSON result line to (it is always printed to stdout too).</summary>
    public string? JsonPath { get; init; }

    /// <summary>Name of the server under test in reports (e.g. parley, ngircd).</summary>
    public string Label { get; init; } = "server";

    /// <summary>
    /// Registrations in flight at once while setting up. Unbounded bursts overflow the server's
    /// listen backlog (SYN drops cost a 1 s retransmit); 32 keeps both cores busy without that.
    /// </summary>
    public int ConnectParallelism { get; init; } = 32;

    public double SetupTimeoutSeconds { get; init; } = 15;

    public TextWriter Output { get; init; } = Console.Out;

    public TimeSpan SetupTimeout => TimeSpan.FromSeconds(SetupTimeoutSeconds);
}
