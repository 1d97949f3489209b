using System.ComponentModel.DataAnnotations;

namespace Parley.Core.Sessions;

/// <summary>Per-connection limits shared by the doors; bound from configuration (docs/configuration.md).</summary>
public sealed class ConnectionOptions
{
    /// <summary>
    /// Commands of one connection that may wait for the hub at once. Past it the connection's reader stops reading,
    /// so a flooding client fills its own TCP window instead of the server's memory.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCommandsInFlight { get; set; } = 64;

    /// <summary>How long a closing connection may take to write its last queued bytes before it is cut.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// TCP keepalive: a peer that vanished without closing (cable pulled, laptop closed) is probed after this much
    /// silence and dropped when <see cref="KeepAliveProbes"/> probes <see cref="KeepAliveInterval"/> apart go
    /// unanswered. Zero disables keepalive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "02:00:00")]
    public TimeSpan KeepAliveIdle { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 100)]
    public int KeepAliveProbes { get; set; } = 3;

    /// <summary>
    /// Whether the socket transport runs a connection's pipe continuations on the thread that completed the read or
    /// flush (Kestrel's <c>UnsafePreferInlineScheduling</c>) instead of queueing each to the thread pool: a line read
    /// is parsed, and a flushed reply sent, without another thread hand-off. Safe here because neither the readers
    /// nor the writers ever block (work goes to the hub's queue; replies come from the Outbox). Measured in paired
    /// runs (docs/benchmarks.md): churn +10%, fan-out CPU per delivery −6 to −15%, lower latency at fixed rates.
    /// </summary>
    public bool InlineScheduling { get; set; } = true;

    /// <summary>
    /// Whether the runtime completes socket operations on its epoll threads (one per core) instead of queueing each
    /// completion to the thread pool (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, which the server sets
    /// at start-up from this unless the environment already sets it). A line received is then parsed and handed to
    /// the hub on the thread that saw it arrive. Safe because no reader, writer or accept ever blocks (work goes to
    /// the hub's queue). Measured in paired runs (docs/benchmarks.md, *Fewer thread hand-offs*): about half the
    /// context switches per private message and per churned session, 5–10% less server CPU.
    /// </summary>
    public bool InlineCompletions { get; set; } = true;

    /// <summary>
    /// What runs the line and IRC doors: <see cref="ConnectionTransport.Lean"/> (Parley's own server and transport:
    /// no pipes or loops per connection, nothing buffered while idle, no Kestrel layer per connection) or
    /// <see cref="ConnectionTransport.Kestrel"/> (Kestrel with its socket transport).
    /// </summary>
    public ConnectionTransport Transport { get; set; } = ConnectionTransport.Lean;

    /// <summary>
    /// Connections the server holds at once over all its doors (the lean transport); past it a new connection gets
    /// a one-line refusal and is closed. 0: the process's descriptor limit, less the descriptors open at start and a
    /// reserve of 256 for the store, the log and the runtime. Refusing is what keeps the process away from the limit
    /// itself, where accepting fails and the .NET runtime ends the whole process the first time it cannot start a
    /// thread (docs/operations.md, *Connection limits*).
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxConnections { get; set; }

    /// <summary>
    /// Threads of Parley's own that read the lean transport's connections (Linux x64), each waiting on epoll for
    /// the connections it was given and running their readers; the hub's round and the writes a pass over the ready
    /// connections caused happen once, at the end of the pass, as in the lab's <c>select</c> loop. 0: .NET's socket
    /// engine reads, and each reader runs its round and flushes at once (docs/benchmarks.md, *Read loops of our
    /// own*). Unset: one per core the process may run on, at most two (<see cref="EffectiveReadLoops"/>). On two
    /// cores, one loop batches more per pass and costs the least CPU, but every connection then waits behind every
    /// other's reading and round (the p99 of private messages at 10,000/s rose from 3–4 to 5–16 ms); two kept the
    /// latency of .NET's engine at less CPU than it. On one core a second loop only splits the passes: churn cost a
    /// third more CPU per session, and private messages at 40,000/s once fell behind for good.
    /// </summary>
    [Range(0, 64)]
    public int? ReadLoops { get; set; }

    /// <summary><see cref="ReadLoops"/>, or when unset one per core the process may run on (its CPU affinity counts),
    /// at most two; beyond two cores it is unmeasured, and the hub that the loops feed is one thread.</summary>
    public int EffectiveReadLoops => ReadLoops ?? Math.Min(Environment.ProcessorCount, 2);

    /// <summary>Connections the system may hold waiting to be accepted (the listen backlog; Kestrel's default).</summary>
    [Range(1, 65_535)]
    public int ListenBacklog { get; set; } = 512;

    /// <summary>
    /// Received bytes one connection may hold unconsumed before its socket is no longer read (the lean transport; a
    /// pause threshold like the one of Kestrel's own pipe, with the same 1 MiB default: one receive may carry it
    /// past). The doors discard an overlong line as it arrives, so it is only reached by a line longer than the
    /// door's own limit, and then only that client's TCP window fills.
    /// </summary>
    [Range(16_384, 64 * 1024 * 1024)]
    public int MaxReadBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>Input rate limit of each connection (bound from <c>Parley:Flood</c>, validated on its own).</summary>
    public Flood.FloodOptions Flood { get; set; } = new();
}
