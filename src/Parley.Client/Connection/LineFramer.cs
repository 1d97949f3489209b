using System.Buffers;
using System.Text;

namespace Parley.Client.Connection;

/// <summary>
/// Cuts a byte stream into protocol lines: UTF-8, ending in <c>\n</c>, with an optional <c>\r</c> before it.
/// Pure and allocation-light so it can be tested without any I/O.
/// </summary>
internal static class LineFramer
{
    // Encoding.UTF8 replaces invalid sequences with U+FFFD instead of throwing: a server (or anyone
    // on the path) sending bad bytes must never crash the client.
    private static readonly Encoding Utf8 = Encoding.UTF8;

    /// <summary>
    /// Takes one line off the front of <paramref name="buffer"/> if there is one.
    /// A line longer than <paramref name="maxLineBytes"/> is split (at a UTF-8 character boundary)
    /// so the buffer stays bounded whatever the peer sends. When <paramref name="isCompleted"/> is set,
    /// trailing bytes without a final newline still form a last line.
    /// </summary>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, int maxLineBytes, bool isCompleted, out string line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is { } end && buffer.Slice(0, end).Length <= maxLineBytes)
        {
            line = Decode(buffer.Slice(0, end));
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return true;
        }

        if (buffer.Length > maxLineBytes)
        {
            var cut = CharacterBoundary(buffer, maxLineBytes);
            line = Decode(buffer.Slice(0, cut), stripCarriageReturn: false);
            buffer = buffer.Slice(cut);
            return true;
        }

        if (isCompleted && !buffer.IsEmpty)
        {
            line = Decode(buffer);
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        line = string.Empty;
        return false;
    }

    private static string Decode(ReadOnlySequence<byte> bytes, bool stripCarriageReturn = true)
    {
        // The protocol accepts \r\n: drop one \r that precedes the \n.
        if (stripCarriageReturn && !bytes.IsEmpty && LastByte(bytes) == (byte)'\r')
        {
            bytes = bytes.Slice(0, bytes.Length - 1);
        }

        return Utf8.GetString(bytes);
    }

    private static byte LastByte(ReadOnlySequence<byte> bytes)
    {
        Span<byte> last = stackalloc byte[1];
        bytes.Slice(bytes.Length - 1).CopyTo(last);
        return last[0];
    }

    /// <summary>
    /// Moves a cut at <paramref name="length"/> back over UTF-8 continuation bytes (10xxxxxx) so a
    /// split long line does not turn one character into two replacement characters.
    /// </summary>
    private static long CharacterBoundary(ReadOnlySequence<byte> buffer, long length)
    {
        // A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes can precede the cut.
        var lookBack = Math.Min(3, length);
        Span<byte> window = stackalloc byte[4];
        var slice = buffer.Slice(length - lookBack, lookBack + 1);
        slice.CopyTo(window);
        var cut = length;
        for (var i = (int)lookBack; i > 0 && (window[i] & 0xC0) == 0x80; i--)
        {
            cut--;
        }

        // Nothing but continuation bytes (not valid UTF-8 anyway), or a cut that would take nothing
        // (tiny limits): cut where asked, so every call makes progress.
        var allContinuation = cut == length - lookBack && (window[0] & 0xC0) == 0x80;
        return cut == 0 || allContinuation ? length : cut;
    }
}
