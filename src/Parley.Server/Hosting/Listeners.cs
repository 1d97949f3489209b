using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Parley.Server.Hosting;

/// <summary>
/// The Kestrel listeners by door name. Kestrel writes the bound port back into <see cref="ListenOptions"/>, so a
/// door configured with port 0 (tests) can be found on its real ephemeral port after start.
/// </summary>
public sealed class Listeners
{
    private readonly ConcurrentDictionary<string, ListenOptions> _byDoor = new(StringComparer.Ordinal);

    internal void Add(string door, ListenOptions options) => _byDoor[door] = options;

    public IEnumerable<(string Door, IPEndPoint EndPoint)> All => _byDoor.Select(p => (p.Key, p.Value.IPEndPoint!)).OrderBy(p => p.Key, StringComparer.Ordinal);

    public IPEndPoint? EndPointOf(string door) => _byDoor.TryGetValue(door, out var options) ? options.IPEndPoint : null;
}
