using System.Buffers;

namespace Parley.Core.Sessions;

/// <summary>
/// The Outboxes' queue arrays of the first size, shared by every thread.
/// </summary>
/// <remarks>
/// An Outbox takes its array on the thread that delivers (the hub's or the fan-out's) and gives it back, once drained,
/// on its writer's (a thread-pool thread). <see cref="ArrayPool{T}.Shared"/> keeps arrays per thread first, so the
/// delivering thread's rent almost always missed and allocated: a fifth of what a message in a small room allocated
/// (allocation ticks under <c>parley-bench rooms</c>). Bigger arrays (a connection that falls behind) are rare and
/// still come from the shared pool.
/// </remarks>
internal static class QueueArrays
{
    public const int FirstLength = 16;

    /// <summary>At most this many free arrays are kept (about 1 MiB).</summary>
    private const int MaxRetained = 4096;

    private static readonly Stack<ReadOnlyMemory<byte>[]> Free = new();
    private static readonly Lock Gate = new();

    public static ReadOnlyMemory<byte>[] Rent(int length)
    {
        if (length != FirstLength)
        {
            return ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(length);
        }

        lock (Gate)
        {
            if (Free.TryPop(out var array))
            {
                return array;
            }
        }

        return new ReadOnlyMemory<byte>[FirstLength];
    }

    /// <summary>Takes back a cleared array.</summary>
    public static void Return(ReadOnlyMemory<byte>[] array)
    {
        if (array.Length != FirstLength)
        {
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(array);
            return;
        }

        lock (Gate)
        {
            if (Free.Count < MaxRetained)
            {
                Free.Push(array);
            }
        }
    }
}
