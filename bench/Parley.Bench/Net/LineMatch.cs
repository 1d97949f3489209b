namespace Parley.Bench.Net;

/// <summary>Outcome of checking one received line against what a handshake step waits for.</summary>
public enum MatchResult
{
    /// <summary>Not the line we wait for; keep waiting.</summary>
    None,

    /// <summary>The awaited line arrived.</summary>
    Matched,

    /// <summary>The server refused the step (e.g. nick in use, ERROR).</summary>
    Failed,
}

/// <summary>Checks one line during a handshake step (set-up only, so a delegate per step is fine).</summary>
public delegate MatchResult LineMatch(ReadOnlySpan<byte> line);

/// <summary>Receives every line of a connection on its reader loop; must not block.</summary>
public interface ILineSink
{
    void OnLine(BenchClient client, ReadOnlySpan<byte> line);
}
