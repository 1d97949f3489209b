using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Core.Storage;

/// <summary>
/// Makes message ids: version-7 UUIDs (RFC 9562) written as 32 hex digits, ordered by time, unique without
/// coordination and never reused after a restart.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> reads 16 fresh random bytes from the kernel for every id: one system call per
/// message on the hot path. Here the random part is drawn once per millisecond and, within the same millisecond,
/// incremented (RFC 9562, 6.2 method 2, "monotonic random"), so ids from one process are strictly increasing and
/// ids from different runs differ by their time and their random draw. One thread at a time (the hub's).
/// </remarks>
public sealed class MessageIds
{
    private const ulong RandomMask = (1UL << 62) - 1;
    private readonly TimeProvider _time;
    private long _lastMillisecond = -1;
    private ulong _randomA; // 12 bits
    private ulong _randomB; // 62 bits

    public MessageIds(TimeProvider time) => _time = time;

    /// <summary>The next id; strictly greater (as a string too) than every id this instance made before.</summary>
    public string Next()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now > _lastMillisecond)
        {
            _lastMillisecond = now;
            Span<byte> seed = stackalloc byte[16];
            RandomNumberGenerator.Fill(seed);
            _randomA = BinaryPrimitives.ReadUInt64LittleEndian(seed) & 0xFFF;
            // The top bit stays clear, so a millisecond has at least 2^61 increments before it would carry over.
            _randomB = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]) & (RandomMask >> 1);
        }
        else if (++_randomB > RandomMask)
        {
            // Unreachable in practice (2^61 ids in one millisecond); borrow the next millisecond rather than repeat.
            _lastMillisecond++;
            _randomB = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        var high = ((ulong)_lastMillisecond << 16) | 0x7000UL | _randomA;
        var low = 0x8000_0000_0000_0000UL | _randomB;
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return Convert.ToHexStringLower(bytes);
    }
}
