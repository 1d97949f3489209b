namespace Parley.Bench.Scenarios;

/// <summary>
/// Where one message goes: the bytes before the payload, how many clients should receive it
/// (for the loss count), and which of them must all have it before it leaves the sender's window.
/// </summary>
public readonly record struct Target(byte[] Prefix, int ExpectedReceivers, int[] Ackers)
{
    /// <summary>The acker written into the payload: the one client, or <see cref="Payload.SharedAckers"/>.</summary>
    public int PayloadAcker => Ackers.Length == 1 ? Ackers[0] : Payload.SharedAckers;
}

/// <summary>Chooses the target of a sender's next message; used by one sender loop only.</summary>
public interface ITargetChooser
{
    Target Next();

    int MaxPrefixLength { get; }

    /// <summary>The ackers of every message when there are several (a room), else empty (each payload names its one).</summary>
    int[] SharedAckers { get; }
}

/// <summary>Always the same room.</summary>
public sealed class FixedTarget(Target target) : ITargetChooser
{
    public Target Next() => target;

    public int MaxPrefixLength => target.Prefix.Length;

    public int[] SharedAckers => target.PayloadAcker == Payload.SharedAckers ? target.Ackers : [];
}

/// <summary>A uniformly random peer other than the sender (private messages).</summary>
public sealed class RandomPeerTarget(Target[] peers, int self, int seed) : ITargetChooser
{
    private readonly Random _random = new(seed);

    public int MaxPrefixLength { get; } = peers.Max(p => p.Prefix.Length);

    public int[] SharedAckers => [];

    public Target Next()
    {
        // Draw from the n-1 others: skip over self so the choice stays uniform.
        var i = _random.Next(peers.Length - 1);
        return peers[i >= self ? i + 1 : i];
    }
}
