using System.Buffers;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Frames a byte stream into IRC lines and parses them: one instance per connection, not
/// thread-safe (only the connection's read loop uses it). It remembers one thing across reads:
/// that it is skipping the rest of an oversized line, so a client that sends too much gets one
/// error and keeps its connection instead of either being dropped or making the server buffer
/// without bound.
/// </summary>
/// <example>
/// <code>
/// var buffer = result.Buffer;
/// while (true)
/// {
///     var status = reader.TryRead(ref buffer, out var message, out var error);
///     if (status == OperationStatus.NeedMoreData) break;
///     if (status == OperationStatus.Done) Handle(message!);
///     else ReplyError(error, message); // message is non-null only for InvalidUtf8
/// }
/// input.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </example>
public sealed class IrcLineReader
{
    private readonly IrcLimits _limits;
    private bool _discarding;

    public IrcLineReader(IrcLimits? limits = null) => _limits = limits ?? IrcLimits.Default;

    /// <summary>True while the rest of an oversized line is being skipped.</summary>
    public bool IsDiscarding => _discarding;

    /// <summary>
    /// Reads the next line from <paramref name="buffer"/> and slices off what it used.
    /// <see cref="OperationStatus.Done"/>: <paramref name="message"/> is set.
    /// <see cref="OperationStatus.InvalidData"/>: one bad line, described by <paramref name="error"/>;
    /// call again for the next. <see cref="OperationStatus.NeedMoreData"/>: no complete line left;
    /// keep the remaining <paramref name="buffer"/> (its start is what was consumed, everything was examined).
    /// Empty lines are skipped silently.
    /// </summary>
    public OperationStatus TryRead(ref ReadOnlySequence<byte> buffer, out IrcMessage? message, out IrcParseError error)
    {
        message = null;
        error = IrcParseError.None;
        while (true)
        {
            if (_discarding && !SkipPastNewline(ref buffer))
            {
                return OperationStatus.NeedMoreData;
            }

            if (buffer.IsEmpty)
            {
                return OperationStatus.NeedMoreData;
            }

            // A valid line is never longer than MaxLineBytes, so the LF search is bounded too:
            // a flood without newlines costs one bounded scan, not a rescan of everything buffered.
            var window = buffer.Length <= _limits.MaxLineBytes ? buffer : buffer.Slice(0, _limits.MaxLineBytes);
            var newline = window.PositionOf((byte)'\n');
            if (newline is null)
            {
                error = OversizedPrefix(buffer);
                if (error == IrcParseError.None)
                {
                    return OperationStatus.NeedMoreData;
                }

                // Report now, then drop the line up to its LF, which may already be here or come later.
                _discarding = true;
                SkipPastNewline(ref buffer);
                return OperationStatus.InvalidData;
            }

            var line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            error = Parse(line, out message);
            if (error == IrcParseError.EmptyLine)
            {
                error = IrcParseError.None;
                continue;
            }

            return error == IrcParseError.None ? OperationStatus.Done : OperationStatus.InvalidData;
        }
    }

    /// <summary>Drops bytes through the next LF; false (buffer emptied) when the LF has not arrived yet.</summary>
    private bool SkipPastNewline(ref ReadOnlySequence<byte> buffer)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            buffer = buffer.Slice(buffer.End);
            return false;
        }

        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        _discarding = false;
        return true;
    }

    /// <summary>
    /// Whether an unterminated line is already too long, judged as early as possible: a plain line
    /// over 510 bytes (+CR) is known bad without waiting for the 8 KiB a tagged line may use.
    /// </summary>
    private IrcParseError OversizedPrefix(ReadOnlySequence<byte> pending)
    {
        var maxTags = _limits.MaxTagSectionBytes;
        long bodyStart = 0;
        if (FirstByte(pending) == (byte)'@')
        {
            var tagWindow = pending.Length <= maxTags ? pending : pending.Slice(0, maxTags);
            var space = tagWindow.PositionOf((byte)' ');
            if (space is null)
            {
                return pending.Length >= maxTags ? IrcParseError.TagsTooLong : IrcParseError.None;
            }

            bodyStart = pending.Slice(0, space.Value).Length + 1;
        }

        // +1: a CR may still be followed by the LF, and it does not count towards the body.
        return pending.Length - bodyStart > _limits.MaxBodyBytes + 1 ? IrcParseError.LineTooLong : IrcParseError.None;
    }

    /// <summary>The first byte; a pipe's sequence may start with an empty segment.</summary>
    private static byte FirstByte(ReadOnlySequence<byte> pending)
    {
        foreach (var segment in pending)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        return 0;
    }

    private IrcParseError Parse(ReadOnlySequence<byte> line, out IrcMessage? message)
    {
        if (line.IsSingleSegment)
        {
            return IrcParser.Parse(line.FirstSpan, _limits, out message);
        }

        // A line split across segments is bounded by MaxLineBytes (the window above); copy it once.
        var length = (int)line.Length;
        byte[]? rented = null;
        var span = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            line.CopyTo(span);
            return IrcParser.Parse(span[..length], _limits, out message);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
