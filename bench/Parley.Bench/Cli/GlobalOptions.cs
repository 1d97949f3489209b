using System.CommandLine;
using Parley.Bench.Net;
using Parley.Bench.Protocol;

namespace Parley.Bench.Cli;

/// <summary>Options every scenario accepts (recursive: they may follow the subcommand).</summary>
public sealed class GlobalOptions
{
    public Option<string> Host { get; } = new("--host") { Description = "Server address", DefaultValueFactory = _ => "127.0.0.1", Recursive = true };

    public Option<int> Port { get; } = new("--port") { Description = "Server port", DefaultValueFactory = _ => 6667, Recursive = true };

    public Option<BenchProtocol> Protocol { get; } = new("--protocol") { Description = "irc or line", DefaultValueFactory = _ => BenchProtocol.Irc, Recursive = true };

    public Option<double> Duration { get; } = new("--duration") { Description = "Measured seconds", DefaultValueFactory = _ => 10, Recursive = true };

    public Option<double> Warmup { get; } = new("--warmup") { Description = "Seconds of load before measuring", DefaultValueFactory = _ => 2, Recursive = true };

    public Option<double> Drain { get; } = new("--drain") { Description = "Seconds to wait for in-flight messages after sending stops", DefaultValueFactory = _ => 3, Recursive = true };

    public Option<int?> ServerPid { get; } = new("--server-pid") { Description = "PID of the server, for its CPU (/proc/PID/stat) and memory (/proc/PID/status)", Recursive = true };

    public Option<string?> SourceAddresses { get; } = new("--source-addresses") { Description = "Comma-separated local addresses to spread connections over (e.g. 127.0.0.1,127.0.0.2)", Recursive = true };

    public Option<string?> Json { get; } = new("--json") { Description = "Append the JSON result line to this file (it is always printed too)", Recursive = true };

    public Option<string> Label { get; } = new("--label") { Description = "Name of the server under test in the report", DefaultValueFactory = _ => "server", Recursive = true };

    public Option<int> ConnectParallelism { get; } = new("--connect-parallelism") { Description = "Registrations in flight during set-up", DefaultValueFactory = _ => 32, Recursive = true };

    public Option<double> SetupTimeout { get; } = new("--setup-timeout") { Description = "Seconds to wait for each registration/join step", DefaultValueFactory = _ => 15, Recursive = true };

    public IEnumerable<Option> All => [Host, Port, Protocol, Duration, Warmup, Drain, ServerPid, SourceAddresses, Json, Label, ConnectParallelism, SetupTimeout];

    public BenchSettings Bind(ParseResult r) => new()
    {
        Host = r.GetValue(Host)!,
        Port = r.GetValue(Port),
        Protocol = r.GetValue(Protocol),
        DurationSeconds = r.GetValue(Duration),
        WarmupSeconds = r.GetValue(Warmup),
        DrainSeconds = r.GetValue(Drain),
        ServerPid = r.GetValue(ServerPid),
        Sources = SourceAddressPool.Parse(r.GetValue(SourceAddresses)),
        JsonPath = r.GetValue(Json),
        Label = r.GetValue(Label)!,
        ConnectParallelism = r.GetValue(ConnectParallelism),
        SetupTimeoutSeconds = r.GetValue(SetupTimeout),
    };
}
