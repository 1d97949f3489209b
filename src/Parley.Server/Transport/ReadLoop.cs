using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Parley.Core.Sessions;

namespace Parley.Server.Transport;

/// <summary>
/// One thread that waits on epoll for data to arrive on its connections and runs their readers, as the lab's
/// <c>select</c> loop does: each ready connection is read once, and the hub's round and the writes that the pass
/// caused happen once, at the end of the pass (<see cref="ReaderBatch"/>).
/// </summary>
/// <remarks>
/// Why not .NET's socket engine for reading: it has no hook at the end of its pass over the ready events, so every
/// reader flushed what its own round wrote at once (a send per connection per event, where one per pass does); and
/// it is edge-triggered without knowing when a socket is empty, so after every read it tries another receive that
/// fails with <c>EAGAIN</c>. Measured on the floor relay, the two cost 10–15 µs per churned session
/// (docs/benchmarks.md). Listeners are watched here too (<see cref="AcceptReadiness"/>), so accepting runs in the
/// pass. Sending stays with .NET's sockets: a send is tried at once on the writing thread, and only one the kernel
/// cannot take waits in .NET's engine.
/// Connections' registration is edge-triggered (<c>EPOLLET</c>): an arrival is reported once, and the connection's
/// <see cref="SocketInput"/> remembers it until a read takes it, so a consumer that stops reading costs the loop
/// nothing. A connection is forgotten when it closes: closing the descriptor takes it out of the epoll set, and a
/// report already taken for it finds no connection under its token (tokens are never reused; descriptors are).
/// </remarks>
internal sealed unsafe partial class ReadLoop : IDisposable
{
    /// <summary>Events taken per wait: a pass handles at most this many connections before its writes go out.</summary>
    private const int MaxEvents = 256;

    /// <summary>The doorbell's token; connections' tokens are their ids, which start at 1, and listeners' count down from -1.</summary>
    private const ulong DoorbellToken = 0;

    private readonly int _epoll;
    private readonly int _doorbell;
    private readonly ConcurrentDictionary<long, IReadyTarget> _targets = new();
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly Lock _descriptors = new();
    private volatile bool _stopping;
    private bool _closed;

    public ReadLoop(string name, ILogger logger)
    {
        _logger = logger;
        _epoll = Epoll.Create();
        try
        {
            _doorbell = Epoll.CreateEvent();
            Epoll.Watch(_epoll, _doorbell, Epoll.In, DoorbellToken);
        }
        catch
        {
            Epoll.CloseDescriptor(_epoll);
            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Connections watched now (tests).</summary>
    internal int Count => _targets.Count;

    /// <summary>Starts reporting arrivals on a connection's socket to its input, under <paramref name="token"/> (unique, not 0).</summary>
    public void Add(long token, Socket socket, SocketInput input) =>
        Add(token, socket, input, Epoll.In | Epoll.ReadHangUp | Epoll.EdgeTriggered);

    /// <summary>Starts reporting <paramref name="events"/> on <paramref name="socket"/> to <paramref name="target"/>.</summary>
    public void Add(long token, Socket socket, IReadyTarget target, uint events)
    {
        _targets[token] = target;
        try
        {
            using var descriptor = new Descriptor(socket);
            Epoll.Watch(_epoll, descriptor.Fd, events, (ulong)token);
        }
        catch
        {
            _targets.TryRemove(token, out _);
            throw;
        }
    }

    /// <summary>Arms a one-shot watch again; false once the socket is closed.</summary>
    public bool Rearm(long token, Socket socket, uint events)
    {
        try
        {
            using var descriptor = new Descriptor(socket);
            return Epoll.Rewatch(_epoll, descriptor.Fd, events, (ulong)token);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Stops reporting to the target of <paramref name="token"/>; its descriptor's close ends the watch itself.</summary>
    public void Remove(long token) => _targets.TryRemove(token, out _);

    /// <summary>
    /// Stops the loop: it ends after its current pass and closes its descriptors itself, so that a dispose from inside
    /// a pass (the last connection's end can run there) never closes them under it. Waits for it unless called there.
    /// </summary>
    public void Dispose()
    {
        lock (_descriptors)
        {
            _stopping = true;
            if (!_closed)
            {
                Epoll.Signal(_doorbell);
            }
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        var events = (Epoll.Event*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(Epoll.Event));
        try
        {
            while (!_stopping)
            {
                var count = Epoll.Wait(_epoll, events, MaxEvents);
                ReaderBatch.Begin();
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var token = events[i].Data;
                        if (token == DoorbellToken)
                        {
                            Epoll.Drain(_doorbell);
                        }
                        else if (_targets.TryGetValue((long)token, out var target))
                        {
                            Dispatch(target, events[i].Events);
                        }
                    }
                }
                finally
                {
                    EndPass();
                }
            }
        }
        catch (Exception ex)
        {
            // Only epoll itself failing lands here (it does not, short of a bug): the loop cannot go on. Logged, not
            // thrown, since a thread's exception would end the process and every other connection with it.
            Log.LoopFailed(_logger, Thread.CurrentThread.Name ?? "", ex);
        }
        finally
        {
            NativeMemory.Free(events);
            lock (_descriptors)
            {
                // Under the lock: a descriptor closed here may be reused at once, and the doorbell must not ring it.
                _closed = true;
                Epoll.CloseDescriptor(_doorbell);
                Epoll.CloseDescriptor(_epoll);
            }
        }
    }

    /// <summary>The pass's rounds and writes; a failure there is logged and the loop goes on with the next pass.</summary>
    private void EndPass()
    {
        try
        {
            ReaderBatch.End();
        }
        catch (Exception ex)
        {
            Log.ReaderFailed(_logger, ex);
        }
    }

    /// <summary>Hands an arrival to its reader; the reader's own failures end only its connection.</summary>
    private void Dispatch(IReadyTarget target, uint events)
    {
        try
        {
            target.OnReady(events);
        }
        catch (Exception ex)
        {
            Log.ReaderFailed(_logger, ex);
        }
    }

    /// <summary>A socket's descriptor, which cannot be closed (and reused) while this is held.</summary>
    private readonly ref struct Descriptor
    {
        private readonly SafeHandle _handle;
        private readonly bool _added;

        public Descriptor(Socket socket)
        {
            _handle = socket.SafeHandle;
            _handle.DangerousAddRef(ref _added);
            Fd = (int)_handle.DangerousGetHandle();
        }

        public int Fd { get; }

        public void Dispose()
        {
            if (_added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 420, Level = LogLevel.Critical, Message = "Read loop {Name} failed; its connections can no longer be read")]
        public static partial void LoopFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(EventId = 421, Level = LogLevel.Error, Message = "A reader failed on a read loop")]
        public static partial void ReaderFailed(ILogger logger, Exception exception);
    }
}
