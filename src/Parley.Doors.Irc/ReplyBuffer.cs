using System.Buffers;

namespace Parley.Doors.Irc;

/// <summary>
/// The bytes and line marks of the replies being collected, reused from one command to the next on the same thread.
/// </summary>
/// <remarks>
/// A registration's welcome or a join with its names and history is a few kilobytes; collected into a fresh buffer
/// that doubles as it fills, that was four or five arrays per command, a third of everything a reconnecting client
/// allocated (measured with allocation ticks under <c>parley-bench churn</c>). One buffer per thread, kept warm, and
/// one exact copy per reply instead. A command that runs inside another's (nothing does today) rents while the
/// thread's buffer is out and simply gets a new one; a command that throws never returns its buffer, and the next
/// rent makes a new one too. A buffer grown past <see cref="MaxRetainedBytes"/> (a huge NAMES or LIST) is let go.
/// </remarks>
internal sealed class ReplyBuffer
{
    /// <summary>The largest buffer kept for the next command; bigger ones are left to the GC.</summary>
    public const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static ReplyBuffer? _free;

    private ReplyBuffer()
    {
    }

    public ArrayBufferWriter<byte> Bytes { get; } = new(8192);

    public List<(int Start, int Length, bool InBatch)> Lines { get; } = [];

    /// <summary>This thread's buffer when it is free, else a new one.</summary>
    public static ReplyBuffer Rent()
    {
        var buffer = _free ?? new ReplyBuffer();
        _free = null;
        return buffer;
    }

    /// <summary>Empties the buffer and keeps it for this thread's next command (unless it grew too big).</summary>
    public static void Return(ReplyBuffer buffer)
    {
        if (buffer.Bytes.Capacity > MaxRetainedBytes)
        {
            return;
        }

        buffer.Clear();
        _free = buffer;
    }

    public void Clear()
    {
        Bytes.ResetWrittenCount();
        Lines.Clear();
    }
}
