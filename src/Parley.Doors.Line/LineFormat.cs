using Parley.Core.Events;
using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Doors.Line;

/// <summary>
/// How hub events look in the line protocol. Two shared instances: one for events of the reader's current room
/// (<c>&lt;alice&gt; hi</c>) and one for the reader's other rooms (<c>[rust] &lt;alice&gt; hi</c>), so that fan-out still
/// renders each event at most twice for all line users.
/// </summary>
public sealed class LineFormat : IEventFormat
{
    private readonly bool _namesRoom;

    private LineFormat(bool namesRoom) => _namesRoom = namesRoom;

    /// <summary>For events of the reader's current room (and events not tied to a room).</summary>
    public static LineFormat CurrentRoom { get; } = new(namesRoom: false);

    /// <summary>For events of the reader's other rooms: messages carry the room's name.</summary>
    public static LineFormat OtherRoom { get; } = new(namesRoom: true);

    public ReadOnlyMemory<byte> Render(HubEvent hubEvent)
    {
        var text = Describe(hubEvent);
        return text is null ? ReadOnlyMemory<byte>.Empty : LineText.Encode(text);
    }

    /// <summary>The line for an event, or null when the line protocol does not show it.</summary>
    public string? Describe(HubEvent hubEvent) => hubEvent switch
    {
        MessageEvent m => DescribeMessage(m.Message, m.Room),
        JoinEvent j => $"{LineText.Notice}{j.Who.Nick} joined {j.Room.LineName}",
        PartEvent p => $"{LineText.Notice}{p.Who.Nick} left {p.Room.LineName}{Reason(p.Reason)}",
        QuitEvent q => $"{LineText.Notice}{q.Who.Nick} quit{Reason(q.Reason)}",
        NickEvent n => $"{LineText.Notice}{n.Old.Nick} is now known as {n.New.Nick}",
        TopicEvent t => t.Topic.Length == 0
            ? $"{LineText.Notice}{t.Who.Nick} cleared the topic of {t.Room.LineName}"
            : $"{LineText.Notice}{t.Who.Nick} set the topic of {t.Room.LineName}: {t.Topic}",
        KickEvent k => $"{LineText.Notice}{k.Victim.Nick} was kicked from {k.Room.LineName} by {k.Who.Nick}{Reason(k.Reason)}",
        ModeEvent m => $"{LineText.Notice}{m.Who?.Nick ?? "the server"} sets mode {string.Join(' ', [m.Modes, .. m.Arguments])} on {m.Room.LineName}",
        InviteEvent i => $"{LineText.Notice}{i.Who.Nick} invites {i.Invitee.Nick} to {i.Room.LineName} (/join {i.Room.LineName})",
        ServerNoticeEvent s => $"{LineText.Notice}{s.Text}",
        _ => null,
    };

    /// <summary>A message as it is shown live; history replay adds a time in front of the same text.</summary>
    public string DescribeMessage(StoredMessage message, Room? room)
    {
        var where = _namesRoom && room is not null ? $"[{room.LineName}] " : "";
        if (message.IsPrivate)
        {
            return message.Kind == MessageKind.Action
                ? $"*{message.SenderNick}* * {message.SenderNick} {message.Text}"
                : $"*{message.SenderNick}* {message.Text}";
        }

        return message.Kind switch
        {
            MessageKind.Action => $"{where}* {message.SenderNick} {message.Text}",
            MessageKind.Notice => $"{where}-{message.SenderNick}- {message.Text}",
            _ => $"{where}<{message.SenderNick}> {message.Text}",
        };
    }

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? "" : $" ({reason})";
}
