using System.Runtime.CompilerServices;

namespace Parley.Storage.Sqlite;

/// <summary>
/// A Bloom filter of the conversations (targets) the store holds messages or retired sequences for: "no" is
/// certain, "maybe" sends the caller to the tables. It lets <c>LastSequence</c> answer 0 for a new conversation
/// without a query, which is what private messages between many pairs ask for on almost every message.
/// </summary>
/// <remarks>
/// 2^24 bits (2 MiB) and 7 probes: under 0.1% false "maybe" up to about a million conversations, and still correct
/// (only slower) beyond. Any thread may add and test at once: bits are only ever set, with an atomic OR.
/// </remarks>
internal sealed class TargetFilter
{
    private const int BitsLog2 = 24;
    private const int Probes = 7;
    private readonly long[] _words = new long[(1 << BitsLog2) / 64];

    /// <remarks>Called for every committed message, mostly with conversations already added: a bit already set is
    /// only read, so the usual case costs no atomic write.</remarks>
    public void Add(string target)
    {
        var (h1, h2) = Hashes(target);
        for (var i = 0; i < Probes; i++)
        {
            var bit = Bit(h1, h2, i);
            var mask = 1L << (int)(bit & 63);
            ref var word = ref _words[bit >> 6];
            if ((Volatile.Read(ref word) & mask) == 0)
            {
                Interlocked.Or(ref word, mask);
            }
        }
    }

    /// <summary>False: never added. True: probably added.</summary>
    public bool MightContain(string target)
    {
        var (h1, h2) = Hashes(target);
        for (var i = 0; i < Probes; i++)
        {
            var bit = Bit(h1, h2, i);
            if ((Volatile.Read(ref _words[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bit(uint h1, uint h2, int i) => (h1 + ((uint)i * h2)) & ((1u << BitsLog2) - 1);

    /// <summary>Two independent hashes for double hashing: the runtime's string hash and FNV-1a (made odd, so
    /// every probe differs).</summary>
    private static (uint, uint) Hashes(string target)
    {
        var h1 = (uint)string.GetHashCode(target, StringComparison.Ordinal);
        var h2 = 2166136261u;
        foreach (var c in target)
        {
            h2 = (h2 ^ c) * 16777619u;
        }

        return (h1, h2 | 1);
    }
}
