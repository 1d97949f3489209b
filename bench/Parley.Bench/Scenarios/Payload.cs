using System.Buffers.Text;

namespace Parley.Bench.Scenarios;

/// <summary>
/// The bench payload: <c>~B~ senderId seq ticks ackerId padding</c>. The marker is found by a
/// vectorised search anywhere in the line, so the same parser works for IRC
/// (<c>:nick!u@h PRIVMSG #bench :~B~ ...</c>) and the line protocol (<c>&lt;nick&gt; ~B~ ...</c>),
/// and it cannot begin with '/', which the line protocol would take for a command.
/// ticks are <see cref="System.Diagnostics.Stopwatch"/> ticks of this process; ackerId is the
/// client that releases the sender's window slot when the message reaches it, or <see cref="SharedAckers"/>.
/// </summary>
public static class Payload
{
    /// <summary>The ackerId of a message whose ackers are its sender's fixed set (a room's).</summary>
    public const int SharedAckers = -1;

    public static ReadOnlySpan<byte> Marker => "~B~ "u8;

    /// <summary>Upper bound of a formatted message: prefix + marker + 4 numbers + padding + newline.</summary>
    public static int MaxLength(int prefixLength, int padding) => prefixLength + Marker.Length + (4 * 21) + padding + 2;

    public static int Format(
        Span<byte> dest, ReadOnlySpan<byte> prefix, int senderId, long seq, long ticks, int acker,
        int padding, ReadOnlySpan<byte> newLine)
    {
        prefix.CopyTo(dest);
        var n = prefix.Length;
        Marker.CopyTo(dest[n..]);
        n += Marker.Length;
        n += WriteNumber(dest[n..], senderId);
        n += WriteNumber(dest[n..], seq);
        n += WriteNumber(dest[n..], ticks);
        n += WriteNumber(dest[n..], acker);
        dest.Slice(n, padding).Fill((byte)'x');
        n += padding;
        newLine.CopyTo(dest[n..]);
        return n + newLine.Length;
    }

    private static int WriteNumber(Span<byte> dest, long value)
    {
        Utf8Formatter.TryFormat(value, dest, out var written);
        dest[written] = (byte)' ';
        return written + 1;
    }

    /// <summary>Finds and parses a payload; false for any other line (joins, notices, ...).</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out int senderId, out long seq, out long ticks, out int acker)
    {
        senderId = 0;
        seq = 0;
        ticks = 0;
        acker = 0;
        var at = line.IndexOf(Marker);
        if (at < 0)
        {
            return false;
        }

        var rest = line[(at + Marker.Length)..];
        return TryNext(ref rest, out senderId) && TryNext(ref rest, out seq)
            && TryNext(ref rest, out ticks) && TryNext(ref rest, out acker);
    }

    private static bool TryNext(ref ReadOnlySpan<byte> rest, out long value)
    {
        if (!Utf8Parser.TryParse(rest, out value, out var used) || used >= rest.Length || rest[used] != (byte)' ')
        {
            return false;
        }

        rest = rest[(used + 1)..];
        return true;
    }

    private static bool TryNext(ref ReadOnlySpan<byte> rest, out int value)
    {
        var ok = TryNext(ref rest, out long v);
        value = (int)v;
        return ok;
    }
}
