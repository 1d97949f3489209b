using System.Net;

namespace Parley.Bench.Net;

/// <summary>
/// Hands out local addresses round-robin. Each (source address, server endpoint) pair has its own
/// ~28k ephemeral ports (32768-60999 by default), so spreading clients over 127.0.0.1, .2, ...
/// lets one generator hold far more connections to one server port.
/// </summary>
public sealed class SourceAddressPool
{
    private readonly IPAddress[] _addresses;
    private int _next = -1;

    public SourceAddressPool(IReadOnlyList<IPAddress> addresses)
    {
        _addresses = [.. addresses];
    }

    /// <summary>True when the caller asked for specific addresses; otherwise the kernel picks.</summary>
    public bool IsEmpty => _addresses.Length == 0;

    public IPAddress? Next()
    {
        if (_addresses.Length == 0)
        {
            return null;
        }

        var i = (uint)Interlocked.Increment(ref _next) % (uint)_addresses.Length;
        return _addresses[i];
    }

    public static SourceAddressPool Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return new SourceAddressPool([]);
        }

        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SourceAddressPool([.. parts.Select(IPAddress.Parse)]);
    }
}
