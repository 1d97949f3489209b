using System.Diagnostics;
using System.Net.Sockets;
using Parley.Bench.Net;

namespace Parley.Bench.Scenarios;

/// <summary>One sending client: a paced (open-loop) or windowed (closed-loop) send loop.</summary>
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
    private readonly int[] _sharedAckers;
    private readonly Dictionary<long, int> _acks = [];
    private long _seq;

    public Sender(int index, BenchClient client, ITargetChooser targets, int window, ReadOnlyMemory<byte> newLine, int padding)
    {
        Index = index;
        Client = client;
        _targets = targets;
        _newLine = newLine;
        _padding = padding;
        _maxMessage = Payload.MaxLength(targets.MaxPrefixLength, padding);
        _buffer = new byte[_maxMessage * MaxBatch];
        _sharedAckers = targets.SharedAckers;
        Window = new SemaphoreSlim(window);
    }

    public int Index { get; }

    public BenchClient Client { get; }

    /// <summary>Free slots of the window; released by the acknowledging receiver.</summary>
    public SemaphoreSlim Window { get; }

    /// <summary>True when <paramref name="clientId"/> is one of this sender's shared ackers.</summary>
    public bool IsSharedAcker(int clientId) => Array.IndexOf(_sharedAckers, clientId) >= 0;

    /// <summary>
    /// One shared acker has message <paramref name="seq"/>: the last of them frees its window slot. Any receiving
    /// thread; each acker calls once per message.
    /// </summary>
    public void Acknowledge(long seq)
    {
        lock (_acks)
        {
            _acks.Remove(seq, out var had);
            if (had + 1 < _sharedAckers.Length)
            {
                _acks[seq] = had + 1;
                return;
            }
        }

        Window.Release();
    }

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

    /// <summary>
    /// Open loop: message n is due at start + n/rate, however late the previous one went out, so
    /// the rate does not drift. The stamp (the start of the message's latency) is its scheduled
    /// time when the server held the sender up, i.e. the message fell due while the previous send
    /// was still blocked on a full socket: that wait counts as latency (no coordinated omission).
    /// When the sender was merely asleep and its timer fired late (about a millisecond or more on 2
    /// busy cores), the stamp is the actual send time: the generator's own lateness is not the
    /// server's latency.
    /// </summary>
    /// <remarks>At the stop, messages that fell due before it are still sent for up to
    /// <see cref="CatchUpSeconds"/>.</remarks>
    public async Task RunPacedAsync(double rate, long startTicks, long stopTicks)
    {
        var ticksPerMessage = Stopwatch.Frequency / rate;
        long scheduled = 0;
        var lastSendReturned = startTicks;
        try
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                // At the stop, whatever fell due before it still goes out: a sender that fell a little behind (a
                // busy machine) catches up instead of silently sending less than the schedule. Not for long: a
                // sender held up by an overloaded server stops after the grace period, so the run still ends.
                var stopping = now >= stopTicks;
                var upTo = stopping ? stopTicks - 1 : now;
                var due = (long)Math.Floor((upTo - startTicks) / ticksPerMessage) + 1 - scheduled;
                if (stopping && (due <= 0 || now - stopTicks > Stopwatch.Frequency * CatchUpSeconds))
                {
                    return;
                }

                if (due <= 0)
                {
                    var next = startTicks + (long)(scheduled * ticksPerMessage);
                    var wait = Stopwatch.GetElapsedTime(now, Math.Min(next, stopTicks));
                    // Timers fire at ~1 ms granularity; messages that fall due meanwhile go out
                    // together in the next batch, still stamped with their own schedule.
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                    continue;
                }

                var count = (int)Math.Min(due, MaxBatch);
                var first = scheduled;
                var heldUntil = lastSendReturned;
                await SendBatchAsync(count, i => PacedStamp(startTicks + (long)((first + i) * ticksPerMessage), heldUntil, now));
                lastSendReturned = Stopwatch.GetTimestamp();
                scheduled += count;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The scheduled time if the message fell due while a send was blocked, else the time it went out.</summary>
    public static long PacedStamp(long scheduled, long previousSendReturned, long now) =>
        scheduled < previousSendReturned ? scheduled : now;

    private async Task SendBatchAsync(int count, Func<int, long> ticksOf)
    {
        var length = 0;
        long expected = 0;
        for (var i = 0; i < count; i++)
        {
            var target = _targets.Next();
            length += Payload.Format(
                _buffer.AsSpan(length), target.Prefix, Index, _seq++, ticksOf(i), target.PayloadAcker, _padding, _newLine.Span);
            expected += target.ExpectedReceivers;
        }

        // Not cancellable: a half-written batch would leave the counts wrong.
        await Client.SendAsync(_buffer.AsMemory(0, length));
        Volatile.Write(ref Sent, Sent + count);
        Volatile.Write(ref Expected, Expected + expected);
    }
}
