using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Parley.Doors.Line;

/// <summary>What one step of framing produced.</summary>
public enum FrameKind
{
    /// <summary>A complete line of valid UTF-8 (possibly empty).</summary>
    Line,
    /// <summary>A line longer than the limit began; it is being skipped up to its newline.</summary>
    TooLong,
    /// <summary>A complete line that is not valid UTF-8; skipped.</summary>
    InvalidUtf8,
}

/// <summary>
/// Cuts a byte stream into lines: LF ends a line, a CR before it is dropped (so both <c>\n</c> and <c>\r\n</c> work).
/// Enforces the length limit without buffering more than the limit: an overlong line is reported once and then
/// discarded up to its newline, however many reads that takes. Not thread-safe: one per connection reader.
/// </summary>
public sealed class LineFraming(int maxLineBytes)
{
    private bool _discarding;

    /// <summary>Takes the next frame from <paramref name="buffer"/>; false when more input is needed.</summary>
    /// <param name="isCompleted">The peer finished sending: a last line without newline still counts.</param>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, bool isCompleted, out FrameKind kind, out string line)
    {
        line = string.Empty;
        kind = FrameKind.Line;
        while (true)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (_discarding)
            {
                if (newline is null)
                {
                    buffer = buffer.Slice(buffer.End);
                    return false;
                }

                buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
                _discarding = false;
                continue;
            }

            ReadOnlySequence<byte> content;
            if (newline is { } end)
            {
                content = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }
            else if (buffer.Length > maxLineBytes)
            {
                // Longer than allowed and still no newline: report now, skip the rest as it comes.
                _discarding = true;
                buffer = buffer.Slice(buffer.End);
                kind = FrameKind.TooLong;
                return true;
            }
            else if (isCompleted && !buffer.IsEmpty)
            {
                content = buffer;
                buffer = buffer.Slice(buffer.End);
            }
            else
            {
                return false;
            }

            if (content.Length > 0 && EndsWithCarriageReturn(content))
            {
                content = content.Slice(0, content.Length - 1);
            }

            if (content.Length > maxLineBytes)
            {
                kind = FrameKind.TooLong;
                return true;
            }

            return Decode(content, out kind, out line);
        }
    }

    private static bool Decode(in ReadOnlySequence<byte> content, out FrameKind kind, out string line)
    {
        byte[]? rented = null;
        var length = (int)content.Length;
        ReadOnlySpan<byte> span;
        if (content.IsSingleSegment)
        {
            span = content.FirstSpan;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent(length);
            content.CopyTo(rented);
            span = rented.AsSpan(0, length);
        }

        try
        {
            if (!Utf8.IsValid(span))
            {
                kind = FrameKind.InvalidUtf8;
                line = string.Empty;
                return true;
            }

            kind = FrameKind.Line;
            line = Encoding.UTF8.GetString(span);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool EndsWithCarriageReturn(in ReadOnlySequence<byte> content)
    {
        var last = content.Slice(content.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }
}
