using System.Diagnostics;
using System.Net.Sockets;
using Parley.Bench.Net;

namespace Parley.Bench.Scenarios;

/// <summary>One sending client: paced (open loop, driven by <see cref="Pacer"/>) or windowed (closed loop, a send loop of its own).</summary>
public sealed class Sender
{
    // Messages formatted into one send at most: one syscall for a burst, bounded buffer.
    private const int MaxBatch = 64;

    /// <summary>How long after the stop a paced sender may keep sending what fell due before it.</summary>
    private const int CatchUpSeconds = 1;

    private readonly ITargetChooser _targets;
    private readonly ReadOnlyMemory<byte> _newLine;
    private readonly int _padding;
    private readonly byte[] _buffer;
    private readonly int _maxMessage;
    private long _seq;

    // The open-loop schedule (see Pace). Only the pacer's thread touches it, except _lastSendReturned and
    // _pacingDone, written by a send's completion while _sendInFlight keeps the pacer away.
    private long _pacedStart;
    private double _ticksPerMessage;
    private long _scheduled;
    private long _lastSendReturned;
    private bool _pacingDone;
    private int _sendInFlight;

    public Sender(int index, BenchClient client, ITargetChooser targets, int window, ReadOnlyMemory<byte> newLine, int padding)
    {
        Index = index;
        Client = client;
        _targets = targets;
        _newLine = newLine;
        _padding = padding;
        _maxMessage = Payload.MaxLength(targets.MaxPrefixLength, padding);
        _buffer = new byte[_maxMessage * MaxBatch];
        Window = new SemaphoreSlim(window);
    }

    public int Index { get; }

    public BenchClient Client { get; }

    /// <summary>Free slots of the window; released by the acknowledging receiver.</summary>
    public SemaphoreSlim Window { get; }

    /// <summary>Messages sent; written by this sender's loop only.</summary>
    public long Sent;

    /// <summary>Deliveries expected for the messages sent (sum of their receivers).</summary>
    public long Expected;

    /// <summary>Closed loop: a message may go out only while fewer than the window are unacknowledged.</summary>
    public async Task RunWindowedAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Window.WaitAsync(stop);
                var count = 1;
                while (count < MaxBatch && Window.Wait(0, CancellationToken.None))
                {
                    count++;
                }

                var now = Stopwatch.GetTimestamp();
                await SendBatchAsync(count, _ => now);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Starts this sender's open-loop schedule: message n falls due at <paramref name="startTicks"/> + n/rate.
    /// <see cref="Pacer"/> then calls <see cref="Pace"/> on its thread.</summary>
    public void StartPacing(double rate, long startTicks)
    {
        _ticksPerMessage = Stopwatch.Frequency / rate;
        _pacedStart = startTicks;
        _lastSendReturned = startTicks;
    }

    /// <summary>
    /// One pass of the <see cref="Pacer"/> over this sender: sends, in one batch, whatever fell due by now. Message n
    /// is due at start + n/rate, however late the previous one went out, so the rate does not drift. The stamp (the
    /// start of the message's latency) is its scheduled time when the server held the sender up, i.e. the message
    /// fell due while the previous send was still blocked on a full socket: that wait counts as latency (no
    /// coordinated omission). When the generator was merely late (its pacer woke late, about a millisecond or more on
    /// 2 busy cores), the stamp is the actual send time: the generator's own lateness is not the server's latency.
    /// Whether anything fell due is judged at <paramref name="passStart"/> (one reading of the clock per pass); returns
    /// when the next message falls due, or <see cref="long.MaxValue"/> once the sender is done.
    /// </summary>
    /// <remarks>At the stop, messages that fell due before it are still sent for up to
    /// <see cref="CatchUpSeconds"/>. A send the socket cannot take at once completes on the socket engine's thread;
    /// meanwhile this sender is skipped, and what falls due waits for the next batch.</remarks>
    public long Pace(long passStart, long stopTicks)
    {
        // In flight first: its completion writes _pacingDone before it clears _sendInFlight.
        if (Volatile.Read(ref _sendInFlight) != 0)
        {
            return passStart + Pacer.Tick;
        }

        if (_pacingDone)
        {
            return long.MaxValue;
        }

        var now = passStart;

        // At the stop, whatever fell due before it still goes out: a sender that fell a little behind (a busy machine)
        // catches up instead of silently sending less than the schedule. Not for long: a sender held up by an
        // overloaded server stops after the grace period, so the run still ends.
        var stopping = now >= stopTicks;
        var upTo = stopping ? stopTicks - 1 : now;
        var due = (long)Math.Floor((upTo - _pacedStart) / _ticksPerMessage) + 1 - _scheduled;
        if (stopping && (due <= 0 || now - stopTicks > Stopwatch.Frequency * CatchUpSeconds))
        {
            _pacingDone = true;
            return long.MaxValue;
        }

        if (due <= 0)
        {
            return NextDue(stopTicks);
        }

        // The stamp's "now" is when the batch goes out, not when the pass began (a pass over many senders takes a while).
        now = Stopwatch.GetTimestamp();
        var count = (int)Math.Min(due, MaxBatch);
        var first = _scheduled;
        var heldUntil = _lastSendReturned;
        _scheduled += count;
        ValueTask send;
        try
        {
            send = SendBatchAsync(count, i => PacedStamp(_pacedStart + (long)((first + i) * _ticksPerMessage), heldUntil, now));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _pacingDone = true;
            return long.MaxValue;
        }

        if (send.IsCompleted)
        {
            EndSend(send);
            return _pacingDone ? long.MaxValue : NextDue(stopTicks);
        }

        Volatile.Write(ref _sendInFlight, 1);
        _ = CompleteSendAsync(send);
        return now + Pacer.Tick;
    }

    /// <summary>When the next message falls due (at the stop, the pass that ends the sender).</summary>
    private long NextDue(long stopTicks) => Math.Min(_pacedStart + (long)(_scheduled * _ticksPerMessage), stopTicks);

    private async Task CompleteSendAsync(ValueTask send)
    {
        try
        {
            await send;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _pacingDone = true;
        }

        _lastSendReturned = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sendInFlight, 0);
    }

    private void EndSend(ValueTask send)
    {
        try
        {
            send.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _pacingDone = true;
        }

        _lastSendReturned = Stopwatch.GetTimestamp();
    }

    /// <summary>The scheduled time if the message fell due while a send was blocked, else the time it went out.</summary>
    public static long PacedStamp(long scheduled, long previousSendReturned, long now) =>
        scheduled < previousSendReturned ? scheduled : now;

    private async ValueTask SendBatchAsync(int count, Func<int, long> ticksOf)
    {
        var length = 0;
        long expected = 0;
        for (var i = 0; i < count; i++)
        {
            var target = _targets.Next();
            length += Payload.Format(
                _buffer.AsSpan(length), target.Prefix, Index, _seq++, ticksOf(i), target.Acker, _padding, _newLine.Span);
            expected += target.ExpectedReceivers;
        }

        // Not cancellable: a half-written batch would leave the counts wrong.
        await Client.SendAsync(_buffer.AsMemory(0, length));
        Volatile.Write(ref Sent, Sent + count);
        Volatile.Write(ref Expected, Expected + expected);
    }
}
