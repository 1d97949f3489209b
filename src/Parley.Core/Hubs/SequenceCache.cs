using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Parley.Core.Hubs;

/// <summary>
/// The last sequence number of each conversation the Journal has numbered recently, so that numbering a message
/// seldom asks the store. Bounded, in two generations: new and recently used conversations are in the current one;
/// when it holds half the bound, it becomes the previous one and the old previous one is forgotten. A conversation
/// that speaks again moves back to the current generation, so the ones in use survive every turn, where clearing
/// everything at the bound sent each of them back to the store at once (with private messages among 1,000 people,
/// most messages for seconds after every clear: docs/benchmarks.md, *A cache that keeps what is in use*).
/// </summary>
/// <remarks>
/// Keys are a 128-bit hash of the conversation's name rather than the name: the cache lives long, and a name string
/// kept in it is copied into the older generations of the collector, one per new conversation (with private messages
/// between many pairs, nearly one per message). A 128-bit key holds no reference. Two of a million names share a hash
/// with a probability of about 10^-27. Used only in rounds of the hub, which never overlap: no locking.
/// </remarks>
internal sealed class SequenceCache(int bound)
{
    private readonly int _generationSize = Math.Max(1, bound / 2);
    private Dictionary<UInt128, long> _current = [];
    private Dictionary<UInt128, long> _previous = [];

    /// <summary>Conversations held, in both generations.</summary>
    public int Count => _current.Count + _previous.Count;

    public static UInt128 KeyOf(string target) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(target.AsSpan()));

    /// <summary>The conversation's last sequence if it is held; a hit in the previous generation moves it to the
    /// current one.</summary>
    public bool TryGet(UInt128 key, out long last)
    {
        if (_current.TryGetValue(key, out last))
        {
            return true;
        }

        if (_previous.Remove(key, out last))
        {
            _current[key] = last;
            return true;
        }

        return false;
    }

    public void Set(UInt128 key, long last) => _current[key] = last;

    public void Forget(UInt128 key)
    {
        _current.Remove(key);
        _previous.Remove(key);
    }

    /// <summary>
    /// Turns the generations once the current one is full. The caller must have nothing in flight: a sequence it
    /// forgets must already be in the store, whose LastSequence is then the truth.
    /// </summary>
    public void Trim()
    {
        if (_current.Count < _generationSize)
        {
            return;
        }

        _previous.Clear();
        (_previous, _current) = (_current, _previous);
    }
}
