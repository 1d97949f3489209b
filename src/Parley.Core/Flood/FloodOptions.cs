using System.ComponentModel.DataAnnotations;

namespace Parley.Core.Flood;

/// <summary>
/// Per-connection input rate limit shared by every door (section <c>Parley:Flood</c>, switch <c>--flood-control</c>).
/// A token bucket: each input line takes a token; tokens come back at <see cref="LinesPerSecond"/> up to
/// <see cref="Burst"/>. Lines beyond that are delayed (the reader waits), not dropped, as RFC 1459 §8.10 describes
/// for servers ("flood control"); when more than <see cref="MaxDelayedLines"/> lines wait, the client is
/// disconnected with "Excess Flood".
/// </summary>
public sealed class FloodOptions
{
    /// <summary>Off by default: trusted networks and benchmarks need no limit; public servers turn it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Sustained rate. 2 lines/s is the classic ircd pace (one line every 2 s after a burst, RFC 1459 §8.10 is stricter).</summary>
    [Range(0.1, 10_000)]
    public double LinesPerSecond { get; set; } = 2;

    /// <summary>Lines accepted at once after a quiet period (a paste of a few lines, a client's registration burst).</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 10;

    /// <summary>Complete lines that may wait behind the limit before the client is judged to flood.</summary>
    [Range(1, 1_000_000)]
    public int MaxDelayedLines { get; set; } = 100;
}
