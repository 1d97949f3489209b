namespace Parley.Core.Sessions;

/// <summary>What the raw TCP doors can run on (<see cref="ConnectionOptions.Transport"/>).</summary>
public enum ConnectionTransport
{
    /// <summary>Parley's own server and transport: the connection is its own pipe over the socket.</summary>
    Lean,

    /// <summary>Kestrel and its socket transport: a pair of pipes and a send and a receive loop per connection.</summary>
    Kestrel,
}
