using System.Buffers;
using System.Text;

namespace Parley.Doors.Irc.Tests.Protocol;

/// <summary>Builds multi-segment sequences, the shape a pipe hands over when a line straddles reads.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory) => Memory = memory;

    public static ReadOnlySequence<byte> Of(params string[] parts) =>
        Of(parts.Select(p => Encoding.UTF8.GetBytes(p)).ToArray());

    public static ReadOnlySequence<byte> Of(params byte[][] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(parts[0]);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            var next = new Segments(part) { RunningIndex = last.RunningIndex + last.Memory.Length };
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
