using System.Collections.Concurrent;

namespace Parley.Core.Sessions;

/// <summary>
/// The bounded queue of bytes waiting to be written to one connection (ARCHITECTURE: Outbox).
/// </summary>
/// <remarks>
/// Concurrency contract: any thread may enqueue (the hub's thread and the Journal's writer for fan-out, a door's
/// reader for its own replies); exactly one writer loop dequeues. Enqueue never blocks and never waits on the socket:
/// when the bytes waiting would pass the limit, the Outbox refuses them, completes itself, and calls the overflow
/// callback once, which closes that connection alone (invariant 5). The rendered bytes are shared between all
/// recipients of an event and never modified (invariant 6).
/// Wake-ups: <see cref="Enqueue"/> wakes the writer at once; <see cref="EnqueueQuietly"/> does not, and the caller
/// calls <see cref="Wake"/> after a whole batch, so a connection is woken (and flushed) once per batch, not per message.
/// </remarks>
public sealed class Outbox
{
    private readonly ConcurrentQueue<ReadOnlyMemory<byte>> _queue = new();
    private readonly AsyncSignal _signal = new();
    private readonly long _limit;
    private long _queuedBytes;
    private int _overflowed;
    private volatile bool _completed;
    private Action? _onOverflow;

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

    /// <summary>Called once, on the enqueuing thread, when the limit is passed. Must not block.</summary>
    public void OnOverflow(Action callback) => _onOverflow = callback;

    /// <summary>Queues bytes and wakes the writer loop; false when the Outbox is complete or just overflowed.</summary>
    /// <param name="bypassCapture">Queue even during a <see cref="Capture"/> (a closing line must precede the end of the queue).</param>
    public bool Enqueue(ReadOnlyMemory<byte> bytes, bool bypassCapture = false)
    {
        if (!EnqueueQuietly(bytes, bypassCapture))
        {
            return false;
        }

        _signal.Set();
        return true;
    }

    /// <summary>Queues bytes without waking the writer; the caller must call <see cref="Wake"/> when its batch is done.</summary>
    public bool EnqueueQuietly(ReadOnlyMemory<byte> bytes, bool bypassCapture = false)
    {
        if (bytes.IsEmpty)
        {
            return true;
        }

        if (!bypassCapture && ReferenceEquals(_capture.Owner, this))
        {
            _capture.Sink!(bytes);
            return true;
        }

        if (_completed)
        {
            return false;
        }

        if (Interlocked.Add(ref _queuedBytes, bytes.Length) > _limit)
        {
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                Complete();
                _onOverflow?.Invoke();
            }

            return false;
        }

        _queue.Enqueue(bytes);
        return true;
    }

    /// <summary>Wakes the writer loop for what was queued quietly.</summary>
    public void Wake() => _signal.Set();

    /// <summary>No more bytes will be queued: the writer loop writes what is queued, then ends.</summary>
    public void Complete()
    {
        _completed = true;
        _signal.Complete();
    }

    /// <summary>Waits until bytes are queued (true) or the Outbox is complete and empty (false).</summary>
    public async ValueTask<bool> WaitToReadAsync()
    {
        while (true)
        {
            if (!_queue.IsEmpty)
            {
                return true;
            }

            if (!await _signal.WaitAsync())
            {
                return !_queue.IsEmpty;
            }
        }
    }

    /// <summary>Takes the next queued bytes; for the writer loop only.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> bytes)
    {
        if (_queue.TryDequeue(out bytes))
        {
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
            return true;
        }

        return false;
    }
}
