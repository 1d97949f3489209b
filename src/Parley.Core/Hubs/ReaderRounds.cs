namespace Parley.Core.Hubs;

/// <summary>
/// Which rounds of the hub a connection's reader may run itself when it finds the hub idle, instead of waking the
/// hub's thread (<see cref="HubOptions.ReaderRounds"/>; measured in docs/benchmarks.md).
/// </summary>
public enum ReaderRounds
{
    /// <summary>Every round runs on the hub's thread.</summary>
    Off,

    /// <summary>
    /// Rounds of commands only (registration, joins, parts, quits, queries, PING): a message waits for the hub's
    /// thread, which commits whatever queued meanwhile with one write.
    /// </summary>
    Commands,

    /// <summary>Every round, messages too: each message a reader brings to an idle hub is committed on its own.</summary>
    All,
}
