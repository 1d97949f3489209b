using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Parley.Core.Events;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>
/// One IRC client. The connection's reader frames and parses lines (<see cref="IrcLineReader"/>); every line, even a
/// bad one, becomes an <see cref="IrcWork"/> so that replies keep the order of the commands. Registration state and
/// capabilities are written on the hub's thread only.
/// </summary>
public sealed class IrcSession : PipeSession
{
    private readonly IrcLineReader _reader = new();
    private IrcFormat? _roomFormat;
    private IrcFormat? _directFormat;
    private long _lastInput;
    private long _pingSent;
    private int _errorSent;

    internal IrcSession(IrcDoor door, HubLoop loop, IDuplexPipe transport, EndPoint? remote, ConnectionOptions connectionOptions, ILogger logger)
        : base(loop, transport, remote, connectionOptions, logger)
    {
        Door = door;
        _lastInput = loop.Hub.Time.GetTimestamp();
    }

    internal IrcDoor Door { get; }

    /// <summary>Negotiated capabilities. Hub thread only.</summary>
    public IrcCaps Caps { get; internal set; }

    // Registration state (RFC 2812 §3.1; IRCv3 capability negotiation suspends it until CAP END). Hub thread only.
    internal bool CapNegotiating { get; set; }
    internal bool NickGiven { get; set; }
    internal bool UserGiven { get; set; }
    internal string? Password { get; set; }

    public bool Has(IrcCaps cap) => (Caps & cap) != 0;

    /// <summary>The nick to address numerics to: "*" before registration (Modern IRC, "Numerics").</summary>
    internal string Target => IsRegistered || NickGiven ? Who.Nick : "*";

    /// <summary>
    /// The door's shared format for this client's capabilities, remembered per kind so that fan-out (once per
    /// recipient per message) skips the door's lookup. Checked against <see cref="Caps"/> on every call: the
    /// fan-out thread may remember a format while the hub's thread changes the capabilities, and the next call
    /// then sees that it no longer matches.
    /// </summary>
    public override IEventFormat FormatFor(Room? room)
    {
        var caps = Caps;
        var direct = room is null;
        var remembered = direct ? _directFormat : _roomFormat;
        if (remembered is not null && remembered.Caps == caps)
        {
            return remembered;
        }

        var format = Door.FormatFor(caps, direct);
        if (direct)
        {
            _directFormat = format;
        }
        else
        {
            _roomFormat = format;
        }

        return format;
    }

    /// <summary>IRCv3 echo-message: the sender gets its own PRIVMSG/NOTICE/TAGMSG back once delivered.</summary>
    public override bool EchoesOwnMessages => Has(IrcCaps.EchoMessage);

    public override void OnServerShutdown(string notice) =>
        Send($":{Door.ServerName} NOTICE {Target} :{notice}");

    /// <summary>Hands follow-up work to the hub (e.g. after a check done off its thread). Any thread.</summary>
    internal void Post(HubWork work) => Loop.Post(work);

    /// <summary>Queues one raw line (CRLF added). Any thread.</summary>
    internal void Send(string line) => Outbox.Enqueue(Encoding.UTF8.GetBytes(line + "\r\n"));

    // The door's sweep drives the registration timeout and the keepalive PING (see IrcDoor).
    protected override void OnConnected() => Door.Track(this);

    protected override bool TryReadCommand(ref ReadOnlySequence<byte> buffer, bool isCompleted, out HubWork? work)
    {
        work = null;
        var status = _reader.TryRead(ref buffer, out var message, out var error);
        if (status == OperationStatus.NeedMoreData)
        {
            return false;
        }

        Volatile.Write(ref _lastInput, Hub.Time.GetTimestamp());
        work = new IrcWork(this, message, error);
        return true;
    }

    protected override void OnClose(bool graceful)
    {
        Door.Forget(this);
        if (graceful && Interlocked.Exchange(ref _errorSent, 1) == 0)
        {
            // RFC 2812 §3.7.4: the server says ERROR before it closes a client's link.
            Outbox.Enqueue(Encoding.UTF8.GetBytes($"ERROR :Closing Link: {Who.Host} ({CloseReason ?? "Closed"})\r\n"), bypassCapture: true);
        }

        base.OnClose(graceful);
    }

    /// <summary>Registration timeout and keepalive; on the hub's thread, from the door's sweep.</summary>
    internal void CheckTimers(Hub hub)
    {
        if (IsClosing)
        {
            return;
        }

        var time = hub.Time;
        if (!IsRegistered)
        {
            if (hub.Now - ConnectedAt >= Door.Options.RegistrationTimeout)
            {
                Close("Registration timed out", graceful: true);
            }

            return;
        }

        var lastInput = Volatile.Read(ref _lastInput);
        if (_pingSent != 0 && lastInput > _pingSent)
        {
            _pingSent = 0;
        }

        if (_pingSent != 0)
        {
            if (time.GetElapsedTime(_pingSent) >= Door.Options.PingTimeout)
            {
                var seconds = (int)time.GetElapsedTime(lastInput).TotalSeconds;
                hub.Disconnect(this, $"Ping timeout: {seconds} seconds");
            }

            return;
        }

        if (time.GetElapsedTime(lastInput) >= Door.Options.PingInterval)
        {
            _pingSent = time.GetTimestamp();
            Send($"PING :{Door.ServerName}");
        }
    }
}
