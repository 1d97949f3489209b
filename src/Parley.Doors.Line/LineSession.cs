using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Core.Events;
using Parley.Core.Hubs;
using Parley.Core.Sessions;

namespace Parley.Doors.Line;

/// <summary>
/// A user of the line protocol: every line is a command (or text for the current room). Parsing happens on the
/// connection's reader; the commands run on the hub's thread (<see cref="LineWork"/>).
/// </summary>
public sealed class LineSession : PipeSession
{
    private readonly LineFraming _framing;
    private readonly LineDoor _door;

    internal LineSession(LineDoor door, HubLoop loop, IDuplexPipe transport, EndPoint? remote, ConnectionOptions connectionOptions, ILogger logger)
        : base(loop, transport, remote, connectionOptions, logger)
    {
        _door = door;
        _framing = new LineFraming(door.Options.MaxLineBytes);
    }

    /// <summary>Where plain lines go. Hub thread only.</summary>
    public Room? CurrentRoom { get; internal set; }

    public override IEventFormat FormatFor(Room? room) =>
        room is null || ReferenceEquals(room, CurrentRoom) ? LineFormat.CurrentRoom : LineFormat.OtherRoom;

    public override void OnServerShutdown(string notice) => Send($"{LineText.Notice}{notice}");

    /// <summary>Queues one line for this user. Any thread.</summary>
    public void Send(string line) => Outbox.Enqueue(LineText.Encode(line));

    /// <summary>Queues several lines as one write. Any thread.</summary>
    public void SendLines(IEnumerable<string> lines) => Outbox.Enqueue(LineText.EncodeLines(lines));

    protected override void OnConnected() => Loop.Post(new DelegateWork(this, Welcome));

    protected override bool TryReadCommand(ref ReadOnlySequence<byte> buffer, bool isCompleted, out HubWork? work)
    {
        work = null;
        if (!_framing.TryRead(ref buffer, isCompleted, out var kind, out var line))
        {
            return false;
        }

        switch (kind)
        {
            case FrameKind.TooLong:
                Send($"{LineText.Error}Line too long (more than {_door.Options.MaxLineBytes} bytes); it was discarded");
                return true;
            case FrameKind.InvalidUtf8:
                Send($"{LineText.Error}Line is not valid UTF-8; it was discarded");
                return true;
        }

        if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
        {
            return true;
        }

        if (line[0] != '/' || line.StartsWith("//", StringComparison.Ordinal))
        {
            work = new LineWork(this, LineCommands.Say, line[0] == '/' ? line[1..] : line);
            return true;
        }

        var (name, arguments) = UserCommands.SplitFirst(line[1..]);
        var command = LineCommands.Find(name);
        if (command is null)
        {
            Send($"{LineText.Error}No such command: /{name} (try /help)");
            return true;
        }

        arguments = arguments.Trim();
        if (command.RequiresArgument && arguments.Length == 0)
        {
            Send($"{LineText.Error}Usage: {command.Usage}");
            return true;
        }

        work = new LineWork(this, command, arguments);
        return true;
    }

    /// <summary>Renders the confirmation of a join to this user: members, topic, and the room's recent history.</summary>
    internal void SendJoinConfirmation(Room room)
    {
        var lines = new List<string>
        {
            $"{LineText.Notice}You joined {room.LineName} ({room.MemberCount} member{(room.MemberCount == 1 ? "" : "s")})",
        };
        if (room.Topic is { } topic)
        {
            lines.Add($"{LineText.Notice}Topic: {topic}");
        }

        var replay = Hub.Options.HistoryOnJoin;
        if (replay > 0)
        {
            lines.AddRange(Hub.Store.Latest(room.FoldedName, replay).Select(m => HistoryCommands.HistoryLine(m, room, showRoom: false)));
        }

        SendLines(lines);
    }

    private void Welcome(Hub hub)
    {
        hub.SetPendingIdentity(this, Who.WithNick(hub.NewGuestNick()));
        hub.Register(this);
        Send($"{LineText.Notice}Welcome to Parley on {hub.Options.ServerName}. You are {Who.Nick}.");
        Send($"{LineText.Notice}Lines you type are said to your current room; /help lists the commands.");
        var (result, room) = hub.Join(this, Core.Names.RoomNames.FromLineName(hub.Options.DefaultRoom));
        if (result == HubResult.Ok)
        {
            CurrentRoom = room;
            SendJoinConfirmation(room!);
        }
    }
}
