using System.Buffers;

namespace Parley.Core.Sessions;

/// <summary>
/// The bounded queue of bytes waiting to be written to one connection (ARCHITECTURE: Outbox).
/// </summary>
/// <remarks>
/// Concurrency contract: any thread may enqueue (the hub's thread and the Journal's writer for fan-out, a door's
/// reader for its own replies); exactly one writer dequeues. Enqueue never blocks and never waits on the socket:
/// when the bytes waiting would pass the limit, the Outbox refuses them, completes itself, and calls the overflow
/// callback once, which closes that connection alone (invariant 5). The rendered bytes are shared between all
/// recipients of an event and never modified (invariant 6).
/// Wake-ups: <see cref="Enqueue"/> wakes the writer at once; <see cref="EnqueueQuietly"/> does not, and the caller
/// calls <see cref="Wake"/> after a whole batch, so a connection is woken (and flushed) once per batch, not per message.
/// Memory: an idle connection's Outbox holds no queue at all. The queue is an array made at the
/// first enqueue and let go whenever the writer finds it empty and goes to sleep, so tens of thousands of
/// idle connections cost nothing here (see <see cref="Release"/> for why the first array is not pooled).
/// One lock guards the queue and the writer's wake-up; it is held for a few instructions, never across a callback.
/// </remarks>
public sealed class Outbox
{
    /// <summary>
    /// The queue array's length at a connection's first enqueue after being idle. Small, because this is paid per
    /// delivery: at a chat's rates a recipient's queue is mostly empty when a message arrives, and the array then
    /// lives only until the writer has sent it (a 16-slot first array was 72% of the bytes the server allocated in
    /// the rooms scenario; docs/benchmarks.md).
    /// </summary>
    internal const int FirstQueueLength = 2;

    /// <summary>Queue arrays up to this length are made fresh, and larger ones come from the shared pool (<see cref="Release"/>).</summary>
    internal const int FreshQueueMaxLength = 16;

    private readonly Lock _gate = new();
    private readonly long _limit;
    private ReadOnlyMemory<byte>[]? _queue;
    /// <summary>The sleeping writer, queued to the thread pool at the next wake-up; null while it is awake.</summary>
    private IThreadPoolWorkItem? _sleepingWriter;
    private int _head;
    private int _count;
    private long _queuedBytes;
    private bool _completed;
    private int _overflowed;
    private Action<object>? _onOverflow;
    private object? _overflowState;

    /// <summary>The Outbox whose enqueues the current thread diverts, and where to (see <see cref="Capture"/>).</summary>
    [ThreadStatic]
    private static (Outbox? Owner, Action<ReadOnlyMemory<byte>>? Sink) _capture;

    public Outbox(long limitBytes) => _limit = limitBytes;

    /// <summary>
    /// Until the returned scope is disposed, bytes that <em>this thread</em> enqueues here go to <paramref name="sink"/>
    /// instead (other threads are unaffected). A door uses it on the hub's thread to gather everything one command makes
    /// the hub send its own client, e.g. to wrap it in an IRCv3 labeled-response batch.
    /// </summary>
    public CaptureScope Capture(Action<ReadOnlyMemory<byte>> sink)
    {
        var previous = _capture;
        _capture = (this, sink);
        return new CaptureScope(previous);
    }

    /// <summary>Ends a <see cref="Capture"/>, restoring the previous one.</summary>
    public readonly struct CaptureScope : IDisposable
    {
        private readonly (Outbox? Owner, Action<ReadOnlyMemory<byte>>? Sink) _previous;

        internal CaptureScope((Outbox? Owner, Action<ReadOnlyMemory<byte>>? Sink) previous) => _previous = previous;

        public void Dispose() => _capture = _previous;
    }

    /// <summary>Bytes enqueued and not yet taken by the writer loop.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>True once the limit was passed; nothing more is accepted.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>True while a queue array is held (for tests of the idle footprint).</summary>
    internal bool HoldsQueue => Volatile.Read(ref _queue) is not null;

    /// <summary>
    /// Called once, on the enqueuing thread, when the limit is passed, with <paramref name="state"/>. Must not block.
    /// A static callback and its state rather than a closure: one delegate for all connections, not one each.
    /// </summary>
    public void OnOverflow(Action<object> callback, object state)
    {
        _onOverflow = callback;
        _overflowState = state;
    }

    /// <summary>Queues bytes and wakes the writer loop; false when the Outbox is complete or just overflowed.</summary>
    /// <param name="bypassCapture">Queue even during a <see cref="Capture"/> (a closing line must precede the end of the queue).</param>
    public bool Enqueue(ReadOnlyMemory<byte> bytes, bool bypassCapture = false) => Add(new ReadOnlySpan<ReadOnlyMemory<byte>>(in bytes), bypassCapture, wake: true);

    /// <summary>Queues bytes without waking the writer; the caller must call <see cref="Wake"/> when its batch is done.</summary>
    public bool EnqueueQuietly(ReadOnlyMemory<byte> bytes, bool bypassCapture = false) => Add(new ReadOnlySpan<ReadOnlyMemory<byte>>(in bytes), bypassCapture, wake: false);

    /// <summary>
    /// Queues several items in order under one lock, without waking the writer (fan-out of a run of messages to one
    /// recipient). Empty items are skipped. False when the Outbox is complete or overflowed on one of them: the ones
    /// before it are queued, the rest refused, as if they had been enqueued one by one.
    /// </summary>
    public bool EnqueueManyQuietly(ReadOnlySpan<ReadOnlyMemory<byte>> items) => Add(items, bypassCapture: false, wake: false);

    /// <summary>Wakes the writer for what was queued quietly.</summary>
    public void Wake()
    {
        IThreadPoolWorkItem? writer;
        lock (_gate)
        {
            writer = TakeSleepingWriter();
        }

        Resume(writer);
    }

    /// <summary>No more bytes will be queued: the writer writes what is queued, then ends.</summary>
    public void Complete()
    {
        IThreadPoolWorkItem? writer;
        lock (_gate)
        {
            _completed = true;
            writer = TakeSleepingWriter();
        }

        Resume(writer);
    }

    /// <summary>
    /// For the one writer: true when it may go on now, with <paramref name="more"/> true when bytes are queued and
    /// false when the Outbox is complete and empty; or false after arranging that <paramref name="onWake"/> is
    /// queued to the thread pool at the next wake-up, to ask again. The writer itself is the work item, so a sleeping
    /// writer holds nothing of its own and a wake-up allocates nothing.
    /// </summary>
    public bool WaitToRead(out bool more, IThreadPoolWorkItem onWake)
    {
        lock (_gate)
        {
            if (_count > 0 || _completed)
            {
                more = _count > 0;
                return true;
            }

            ReturnQueue();
            _sleepingWriter = onWake;
            more = false;
            return false;
        }
    }

    /// <summary>Takes the next queued bytes; for the writer only.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        return DequeueInto(new Span<ReadOnlyMemory<byte>>(ref bytes)) == 1;
    }

    /// <summary>Takes up to <paramref name="into"/>'s length of queued items in order, under one lock; for the writer only.</summary>
    public int DequeueInto(Span<ReadOnlyMemory<byte>> into)
    {
        lock (_gate)
        {
            var taken = 0;
            long bytes = 0;
            while (taken < into.Length && _count > 0)
            {
                var item = _queue![_head];
                _queue[_head] = default;
                _head = _head + 1 == _queue.Length ? 0 : _head + 1;
                _count--;
                bytes += item.Length;
                into[taken++] = item;
            }

            if (_count == 0)
            {
                _head = 0;
            }

            Volatile.Write(ref _queuedBytes, _queuedBytes - bytes);
            return taken;
        }
    }

    /// <summary>Queues the items in order under one lock; all or, past the limit, those before it (then it overflows).</summary>
    private bool Add(ReadOnlySpan<ReadOnlyMemory<byte>> items, bool bypassCapture, bool wake)
    {
        if (!bypassCapture && ReferenceEquals(_capture.Owner, this))
        {
            foreach (var bytes in items)
            {
                if (!bytes.IsEmpty)
                {
                    _capture.Sink!(bytes);
                }
            }

            return true;
        }

        var queued = true;
        IThreadPoolWorkItem? writer = null;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            var added = false;
            foreach (var bytes in items)
            {
                if (bytes.IsEmpty)
                {
                    continue;
                }

                if (_queuedBytes + bytes.Length > _limit)
                {
                    queued = false;
                    break;
                }

                Push(bytes);
                Volatile.Write(ref _queuedBytes, _queuedBytes + bytes.Length);
                added = true;
            }

            if (wake && added)
            {
                writer = TakeSleepingWriter();
            }
        }

        Resume(writer);

        if (!queued && Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            Complete();
            _onOverflow?.Invoke(_overflowState!);
        }

        return queued;
    }

    /// <summary>
    /// Under the lock: the sleeping writer, which the caller must resume (outside the lock); null when it is awake,
    /// since an awake writer looks at the queue under this lock before it sleeps.
    /// </summary>
    private IThreadPoolWorkItem? TakeSleepingWriter()
    {
        var writer = _sleepingWriter;
        _sleepingWriter = null;
        return writer;
    }

    private static void Resume(IThreadPoolWorkItem? writer)
    {
        if (writer is not null)
        {
            WriterWakes.Wake(writer);
        }
    }

    private void Push(ReadOnlyMemory<byte> bytes)
    {
        if (_queue is null)
        {
            _queue = new ReadOnlyMemory<byte>[FirstQueueLength];
            _head = 0;
        }
        else if (_count == _queue.Length)
        {
            var length = _queue.Length * 2;
            var larger = length <= FreshQueueMaxLength ? new ReadOnlyMemory<byte>[length] : ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(length);
            var tail = _queue.Length - _head;
            Array.Copy(_queue, _head, larger, 0, tail);
            Array.Copy(_queue, 0, larger, tail, _head);
            Array.Clear(_queue);
            Release(_queue);
            _queue = larger;
            _head = 0;
        }

        var at = _head + _count;
        _queue[at >= _queue.Length ? at - _queue.Length : at] = bytes;
        _count++;
    }

    /// <summary>Under the lock, with nothing queued: lets go of the (already cleared) array.</summary>
    private void ReturnQueue()
    {
        if (_queue is { } queue)
        {
            _queue = null;
            Release(queue);
        }
    }

    /// <summary>
    /// A small array is dropped, not pooled. A pooled array is old: every message queued in it marks a card that
    /// each collection must scan, for every connection that received something since the last one. A fresh array
    /// is young and costs the collector nothing. With pooled arrays, pm with 2,000 clients paused 18–25 ms per gen0
    /// collection; with fresh ones, 14–18 ms (docs/benchmarks.md). Larger arrays are rare (a connection that falls
    /// behind) and come from the shared pool.
    /// </summary>
    private static void Release(ReadOnlyMemory<byte>[] queue)
    {
        if (queue.Length > FreshQueueMaxLength)
        {
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(queue);
        }
    }
}
