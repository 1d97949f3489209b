using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Parley.Core.Flood;
using Parley.Core.Hubs;

namespace Parley.Core.Sessions;

/// <summary>
/// A session over an <see cref="IDuplexPipe"/>: the reader loop turns bytes into hub work, the writer drains the
/// Outbox. The transport (Kestrel socket, TLS stream, WebSocket adapter, in-memory pipe in tests) is invisible.
/// </summary>
/// <remarks>
/// Writer (<see cref="WriteQueued"/>): writes everything queued, then flushes once: one system call for a whole
/// burst (natural batching). It runs only while there is something to write.
/// Reader loop (in <see cref="RunAsync"/>): frames lines into commands and posts them through a bounded gate.
/// </remarks>
public abstract partial class PipeSession : Session, IThreadPoolWorkItem
{
    private readonly IDuplexPipe _transport;
    private readonly InFlightGate _inFlight;
    private readonly ConnectionOptions _connectionOptions;
    private readonly ILogger _logger;
    private readonly TokenBucket? _flood;
    private ConnectionContext? _connection;
    private int _closed;

    /// <summary>Work was posted with <see cref="HubLoop.PostFromReader"/> and <see cref="RunPosted"/> is still owed.</summary>
    private bool _posted;

    /// <summary>Null while the writer runs; <see cref="WriterFinished"/> once it is done; or whoever waits for that.</summary>
    private object? _writerEnd;
    private static readonly object WriterFinished = new();

    protected PipeSession(HubLoop loop, IDuplexPipe transport, EndPoint? remote, ConnectionOptions connectionOptions, ILogger logger)
        : base(new Outbox(loop.Hub.Options.SendQueueBytes), new Identity("*", "user", HostOf(remote), "", null), loop.Hub.Now)
    {
        Loop = loop;
        _transport = transport;
        _connectionOptions = connectionOptions;
        _logger = logger;
        RemoteEndPoint = remote;
        _inFlight = new InFlightGate(connectionOptions.MaxCommandsInFlight);
        Outbox.OnOverflow(static session => ((PipeSession)session).Close("Send queue exceeded", graceful: false), this);
        var flood = connectionOptions.Flood;
        _flood = flood.Enabled ? new TokenBucket(flood.LinesPerSecond, flood.Burst, loop.Hub.Time) : null;
    }

    /// <summary>The reason a flooding client is disconnected with (the classic ircd wording clients recognise).</summary>
    public const string ExcessFlood = "Excess Flood";

    protected HubLoop Loop { get; }
    protected Hub Hub => Loop.Hub;
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The connection to abort when this session is cut at once; set before <see cref="RunAsync"/>.</summary>
    public void UseAbort(ConnectionContext connection) => _connection = connection;

    /// <summary>Runs the connection until it ends; never throws for anything the peer does.</summary>
    /// <remarks>
    /// The reader loop is written out here rather than awaited as a method of its own: this state machine lives as
    /// long as the connection, and a second one would cost every idle connection another box.
    /// Reads until the pipe says completed (never cancelled by the peer's half-close, so lines already received are
    /// processed), and on any ending posts a <see cref="DisconnectWork"/>.
    /// </remarks>
    public async Task RunAsync()
    {
        WriteQueued();
        string reason;
        try
        {
            OnConnected();
            while (true)
            {
                RunPosted();
                var result = await _transport.Input.ReadAsync();
                var buffer = result.Buffer;
                if (result.IsCanceled || IsClosing)
                {
                    _transport.Input.AdvanceTo(buffer.End);
                    reason = CloseReason ?? "Connection closed";
                    break;
                }

                var isCompleted = result.IsCompleted;
                var flooded = false;
                while (!IsClosing && TryReadCommand(ref buffer, isCompleted, out var work))
                {
                    // The command goes into a call and is never used after an await here: a young command stored in
                    // this long-lived box would mark a card that every collection scans (and stay reachable).
                    var handled = HandleAsync(work, buffer);
                    if (!(handled.IsCompletedSuccessfully ? handled.Result : await handled))
                    {
                        flooded = true;
                        break;
                    }
                }

                if (flooded)
                {
                    _transport.Input.AdvanceTo(buffer.End);
                    Close(ExcessFlood, graceful: true);
                    reason = ExcessFlood;
                    break;
                }

                _transport.Input.AdvanceTo(buffer.Start, buffer.End);
                if (isCompleted)
                {
                    reason = "Connection closed";
                    break;
                }
            }
        }
        catch (Exception ex) when (IsExpectedDisconnect(ex))
        {
            Log.PeerLost(_logger, Id, ex);
            reason = "Connection lost";
        }
        catch (Exception ex)
        {
            Log.Unexpected(_logger, Id, ex);
            reason = "Internal error";
            Close(reason, graceful: false);
        }

        if (Loop.PostFromReader(new DisconnectWork(this, reason)))
        {
            _posted = true;
            RunPosted();
        }
        else
        {
            Close(reason, graceful: true);
        }

        try
        {
            await WriterDone().WaitAsync(_connectionOptions.CloseTimeout);
        }
        catch (TimeoutException)
        {
            Close("Close timed out", graceful: false);
            await WriterDone();
        }

        await _transport.Input.CompleteAsync();
        Log.Closed(_logger, Id, CloseReason ?? reason);
    }

    /// <summary>The door's greeting (called before the first read, on the connection's task).</summary>
    protected abstract void OnConnected();

    /// <summary>
    /// Takes one unit of input from the buffer (a line, usually) and says whether it did; <paramref name="work"/> is
    /// what the hub must run for it, or null when the door answered by itself or the input is to be ignored.
    /// </summary>
    protected abstract bool TryReadCommand(ref ReadOnlySequence<byte> buffer, bool isCompleted, out HubWork? work);

    /// <summary>Hands work to the hub, waiting while this connection already has too much in flight.</summary>
    protected async ValueTask PostAsync(HubWork work)
    {
        var place = _inFlight.WaitAsync();
        if (!place.IsCompletedSuccessfully)
        {
            // The commands in flight must run for a place to free up.
            RunPosted();
            await place;
        }

        work.Gate = _inFlight;
        if (Loop.PostFromReader(work))
        {
            _posted = true;
        }
        else
        {
            _inFlight.Release();
        }
    }

    /// <summary>
    /// Before the reader waits for anything: the work it posted since it last waited runs now, on this thread if the
    /// hub is idle (<see cref="HubLoop.RunPosted"/>), so one read's commands make one round; inside a read loop's pass,
    /// at the end of the pass (<see cref="ReaderBatch"/>), so all the pass's commands make one.
    /// </summary>
    private void RunPosted()
    {
        if (_posted)
        {
            _posted = false;
            if (!ReaderBatch.TryDefer(Loop))
            {
                Loop.RunPosted();
            }
        }
    }

    protected override void OnClose(bool graceful)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0 && graceful)
        {
            return;
        }

        Outbox.Complete();
        _transport.Input.CancelPendingRead();
        if (!graceful)
        {
            if (_connection is { } connection)
            {
                connection.Abort(new ConnectionAbortedException(CloseReason ?? "Closed"));
            }
            else
            {
                _transport.Output.CancelPendingFlush();
            }
        }
    }

    /// <summary>Flood control for the unit just read, then its work to the hub; false when the client floods.</summary>
    private async ValueTask<bool> HandleAsync(HubWork? work, ReadOnlySequence<byte> rest)
    {
        if (_flood is not null && !await ThrottleAsync(_flood, rest))
        {
            return false;
        }

        if (work is not null)
        {
            await PostAsync(work);
        }

        return true;
    }

    /// <summary>
    /// Flood control: waits until the bucket gives a token for the unit just read. Excess input is delayed, not
    /// dropped: the reader simply does not read on, so the client's own TCP window fills. False when more complete
    /// lines than allowed are already waiting behind the limit (the client floods).
    /// </summary>
    private async ValueTask<bool> ThrottleAsync(TokenBucket bucket, ReadOnlySequence<byte> rest)
    {
        var wait = bucket.TryTake();
        if (wait == TimeSpan.Zero)
        {
            return true;
        }

        if (CountLines(rest, _connectionOptions.Flood.MaxDelayedLines + 1) > _connectionOptions.Flood.MaxDelayedLines)
        {
            return false;
        }

        RunPosted();
        while (wait > TimeSpan.Zero && !IsClosing)
        {
            await Task.Delay(wait, Hub.Time);
            wait = bucket.TryTake();
        }

        return true;
    }

    /// <summary>Complete lines in the buffer, counting at most <paramref name="max"/> (the scan stays bounded).</summary>
    private static int CountLines(ReadOnlySequence<byte> buffer, int max)
    {
        var count = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            int i;
            while (count < max && (i = span.IndexOf((byte)'\n')) >= 0)
            {
                count++;
                span = span[(i + 1)..];
            }
        }

        return count;
    }

    /// <summary>The Outbox queues the session itself to the thread pool when it wakes the writer.</summary>
    void IThreadPoolWorkItem.Execute() => WriteQueued();

    /// <summary>
    /// The writer: copies everything queued into the pipe and flushes once per burst (one system call for a whole
    /// burst), for as long as bytes are queued. Then it asks the Outbox to call it again at the next wake-up and
    /// returns, so an idle connection holds no writer state machine. A flush that cannot complete at once (a slow
    /// reader) is awaited in <see cref="WriteAfterFlushAsync"/>, made only then.
    /// </summary>
    /// <remarks>
    /// One run at a time: it is started once by <see cref="RunAsync"/>, and afterwards only by the Outbox's wake-up
    /// (registered as it returns) or by the end of a flush it started. It is the only writer of the PipeWriter, which
    /// is not thread-safe. It runs on the thread pool, so it must never throw.
    /// </remarks>
    private void WriteQueued()
    {
        var output = _transport.Output;
        try
        {
            while (Outbox.WaitToRead(out var more, this))
            {
                if (!more)
                {
                    FinishWriting();
                    return;
                }

                CopyQueued(output);
                var flush = output.FlushAsync();
                if (!flush.IsCompletedSuccessfully)
                {
                    _ = WriteAfterFlushAsync(flush);
                    return;
                }

                var flushed = flush.Result;
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    FinishWriting();
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            OnWriterFailed(ex);
        }
    }

    private async Task WriteAfterFlushAsync(ValueTask<FlushResult> pending)
    {
        try
        {
            var flush = await pending;
            if (flush.IsCompleted || flush.IsCanceled)
            {
                FinishWriting();
                return;
            }
        }
        catch (Exception ex)
        {
            OnWriterFailed(ex);
            return;
        }

        WriteQueued();
    }

    private void OnWriterFailed(Exception ex)
    {
        if (IsExpectedDisconnect(ex))
        {
            Log.PeerLost(_logger, Id, ex);
            Close("Connection lost", graceful: false);
        }
        else
        {
            Log.Unexpected(_logger, Id, ex);
            Close("Internal error", graceful: false);
        }

        FinishWriting();
    }

    /// <summary>The writer is done: the pipe's output is completed, and <see cref="RunAsync"/> may finish.</summary>
    private void FinishWriting()
    {
        try
        {
            _transport.Output.Complete();
        }
        catch (Exception ex)
        {
            Log.Unexpected(_logger, Id, ex);
        }

        if (Interlocked.Exchange(ref _writerEnd, WriterFinished) is TaskCompletionSource waiting)
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>When the writer is done; the completion source is made only when someone waits for it (at closing).</summary>
    /// <remarks>
    /// The connection's end (completing the input, closing the socket) runs on the thread that finishes the writer,
    /// not on the thread pool: the writer finishes outside any round and lock (at the end of a round, or on a
    /// flush's completion), and a hand-off to the pool woke a worker for every closing connection (churn: the
    /// server's futex calls per session 0.82 → 0.40, context switches 2.58 → 2.10, medians of six runs each;
    /// docs/benchmarks.md).
    /// </remarks>
    private Task WriterDone()
    {
        if (Volatile.Read(ref _writerEnd) == WriterFinished)
        {
            return Task.CompletedTask;
        }

        var waiting = new TaskCompletionSource();
        return Interlocked.CompareExchange(ref _writerEnd, waiting, null) is null ? waiting.Task : Task.CompletedTask;
    }

    /// <summary>Copies everything queued into the pipe, taking it from the Outbox a batch (one lock) at a time.</summary>
    private void CopyQueued(PipeWriter output)
    {
        var batch = default(DequeueBatch);
        Span<ReadOnlyMemory<byte>> items = batch;
        int taken;
        while ((taken = Outbox.DequeueInto(items)) > 0)
        {
            foreach (var bytes in items[..taken])
            {
                output.Write(bytes.Span);
            }
        }
    }

    [System.Runtime.CompilerServices.InlineArray(32)]
    private struct DequeueBatch
    {
        private ReadOnlyMemory<byte> _first;
    }

    private static bool IsExpectedDisconnect(Exception ex) =>
        ex is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException
            or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException;

    private static string HostOf(EndPoint? remote) => remote switch
    {
        IPEndPoint ip => ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4().ToString() : ip.Address.ToString(),
        null => "localhost",
        _ => remote.ToString() ?? "localhost",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Session {SessionId}: peer gone")]
        public static partial void PeerLost(ILogger logger, long sessionId, Exception exception);

        [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Session {SessionId} closed: {Reason}")]
        public static partial void Closed(ILogger logger, long sessionId, string reason);

        [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Session {SessionId}: unexpected failure; closing that connection")]
        public static partial void Unexpected(ILogger logger, long sessionId, Exception exception);
    }
}
