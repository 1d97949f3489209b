using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Parley.Doors.Line.Tests;

public sealed class LineFramingTests
{
    private static List<(FrameKind Kind, string Line)> Frame(LineFraming framing, byte[] bytes, bool completed = false)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<(FrameKind, string)>();
        while (framing.TryRead(ref buffer, completed, out var kind, out var line))
        {
            frames.Add((kind, line));
        }

        Assert.True(buffer.IsEmpty || !completed);
        return frames;
    }

    [Fact]
    public void Lf_and_crlf_end_lines_and_a_lone_cr_stays()
    {
        var frames = Frame(new LineFraming(100), "a\nb\r\nc\rd\n"u8.ToArray());
        Assert.Equal([(FrameKind.Line, "a"), (FrameKind.Line, "b"), (FrameKind.Line, "c\rd")], frames);
    }

    [Fact]
    public void An_unfinished_line_waits_unless_the_peer_finished()
    {
        Assert.Empty(Frame(new LineFraming(100), "partial"u8.ToArray()));
        Assert.Equal([(FrameKind.Line, "partial")], Frame(new LineFraming(100), "partial"u8.ToArray(), completed: true));
    }

    [Fact]
    public void An_overlong_line_is_reported_once_and_skipped_across_reads()
    {
        var framing = new LineFraming(10);
        Assert.Equal([(FrameKind.TooLong, "")], Frame(framing, Encoding.ASCII.GetBytes(new string('x', 11))));
        Assert.Empty(Frame(framing, Encoding.ASCII.GetBytes(new string('x', 50))));
        Assert.Equal([(FrameKind.Line, "ok")], Frame(framing, "xxx\nok\n"u8.ToArray()));
    }

    [Fact]
    public void The_limit_counts_bytes_without_the_line_end()
    {
        var framing = new LineFraming(4);
        Assert.Equal([(FrameKind.Line, "abcd")], Frame(framing, "abcd\r\n"u8.ToArray()));
        Assert.Equal([(FrameKind.TooLong, "")], Frame(framing, "abcde\n"u8.ToArray()));
        Assert.Equal([(FrameKind.Line, "é")], Frame(framing, "é\n"u8.ToArray()));
    }

    [Fact]
    public void Invalid_utf8_is_reported_per_line()
    {
        var frames = Frame(new LineFraming(100), [0xC3, 0x28, (byte)'\n', (byte)'o', (byte)'k', (byte)'\n']);
        Assert.Equal([(FrameKind.InvalidUtf8, ""), (FrameKind.Line, "ok")], frames);
    }

    [Fact]
    public void A_character_split_between_segments_decodes()
    {
        var bytes = "café\n"u8.ToArray();
        var first = new Segment(bytes.AsMemory(0, 4));
        var last = first.Append(bytes.AsMemory(4));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.True(new LineFraming(100).TryRead(ref buffer, false, out var kind, out var line));
        Assert.Equal((FrameKind.Line, "café"), (kind, line));
    }

    [Property(MaxTest = 300)]
    public Property Framing_never_throws_and_always_consumes_finished_input(byte[] bytes)
    {
        var frames = Frame(new LineFraming(16), bytes ?? [], completed: true);
        return (frames.Count <= (bytes?.Length ?? 0) + 1).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Cutting_the_input_anywhere_gives_the_same_frames(NonEmptyString text, PositiveInt cut)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Get.Replace('\r', ' ') + "\n" + text.Get + "\n");
        var at = cut.Get % bytes.Length;
        var whole = Frame(new LineFraming(64), bytes);
        var framing = new LineFraming(64);
        var inParts = new List<(FrameKind, string)>();
        var pending = bytes[..at];
        inParts.AddRange(FrameKeepingRest(framing, ref pending));
        pending = [.. pending, .. bytes[at..]];
        inParts.AddRange(FrameKeepingRest(framing, ref pending));
        return whole.SequenceEqual(inParts).ToProperty();
    }

    private static List<(FrameKind, string)> FrameKeepingRest(LineFraming framing, ref byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<(FrameKind, string)>();
        while (framing.TryRead(ref buffer, false, out var kind, out var line))
        {
            frames.Add((kind, line));
        }

        bytes = buffer.ToArray();
        return frames;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
