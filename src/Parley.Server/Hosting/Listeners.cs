using System.Collections.Concurrent;
using System.Net;

namespace Parley.Server.Hosting;

/// <summary>
/// Where each door listens, by door name, as bound: a door configured with port 0 (tests) is found on its real
/// ephemeral port after start. The server that binds the door (Parley's lean server or Kestrel) adds it.
/// </summary>
public sealed class Listeners
{
    private readonly ConcurrentDictionary<string, Func<IPEndPoint?>> _byDoor = new(StringComparer.Ordinal);

    /// <summary>Adds a door; <paramref name="boundEndPoint"/> answers once the door is bound.</summary>
    internal void Add(string door, Func<IPEndPoint?> boundEndPoint) => _byDoor[door] = boundEndPoint;

    public IEnumerable<(string Door, IPEndPoint EndPoint)> All => _byDoor
        .Select(p => (p.Key, EndPoint: p.Value()))
        .Where(p => p.EndPoint is not null)
        .Select(p => (p.Key, p.EndPoint!))
        .OrderBy(p => p.Key, StringComparer.Ordinal);

    public IPEndPoint? EndPointOf(string door) => _byDoor.TryGetValue(door, out var endPoint) ? endPoint() : null;
}
