using Parley.Core.Hubs;

namespace Parley.Doors.Line;

internal static class RoomCommands
{
    public static void Join(LineContext context, string arguments)
    {
        var (roomWord, key) = UserCommands.SplitFirst(arguments);
        var name = UserCommands.RoomOf(roomWord);
        var (result, room) = context.Hub.Join(context.Session, name, key.Length == 0 ? null : key);
        switch (result)
        {
            case HubResult.Ok:
                context.Session.CurrentRoom = room;
                context.Session.SendJoinConfirmation(room!);
                break;
            case HubResult.Unchanged:
                context.Session.CurrentRoom = room;
                context.Notice($"{room!.LineName} is now your current room");
                break;
            case HubResult.InvalidRoomName:
                context.Error($"Invalid room name: {roomWord} (up to {context.Hub.Options.RoomNameLength - 1} characters, no spaces, commas, colons or control characters)");
                break;
            case HubResult.TooManyRooms:
                context.Error($"You are in too many rooms (at most {context.Hub.Options.MaxRoomsPerUser}); /part one first");
                break;
            case HubResult.Banned:
                context.Error($"You are banned from {room!.LineName}");
                break;
            case HubResult.InviteOnly:
                context.Error($"{room!.LineName} is invite-only");
                break;
            case HubResult.BadKey:
                context.Error($"{room!.LineName} needs the right key: /join {room.LineName} KEY");
                break;
            case HubResult.RoomFull:
                context.Error($"{room!.LineName} is full");
                break;
            default:
                context.Error($"Cannot join {roomWord}");
                break;
        }
    }

    public static void Part(LineContext context, string arguments)
    {
        var session = context.Session;
        var (first, rest) = UserCommands.SplitFirst(arguments);
        Room? room;
        string reason;
        var named = first.Length > 0 ? context.Hub.FindRoom(UserCommands.RoomOf(first)) : null;
        if (named is not null && named.MembershipOf(session) is not null)
        {
            room = named;
            reason = rest;
        }
        else if (named is not null || first.StartsWith('#'))
        {
            context.Error($"You are not in {first}");
            return;
        }
        else
        {
            room = session.CurrentRoom;
            reason = arguments;
        }

        if (room is null)
        {
            context.Error("You are in no room");
            return;
        }

        context.Hub.Part(session, room.Name, reason.Length == 0 ? null : reason);
        context.Notice($"You left {room.LineName}");
        if (ReferenceEquals(session.CurrentRoom, room))
        {
            session.CurrentRoom = session.Rooms.LastOrDefault();
            context.Notice(session.CurrentRoom is { } next ? $"{next.LineName} is now your current room" : "You are in no room now: /join one");
        }
    }

    public static void Rooms(LineContext context, string arguments)
    {
        var visible = context.Hub.Rooms
            .Where(r => !r.IsSecret || r.MembershipOf(context.Session) is not null)
            .OrderBy(r => r.FoldedName, StringComparer.Ordinal)
            .ToList();
        var lines = new List<string> { $"{LineText.Notice}{visible.Count} room{(visible.Count == 1 ? "" : "s")}:" };
        lines.AddRange(visible.Select(r =>
            $"{LineText.Notice}  {r.LineName} ({r.MemberCount} member{(r.MemberCount == 1 ? "" : "s")}){(r.Topic is { } t ? ": " + t : "")}"));
        context.Session.SendLines(lines);
    }

    public static void Who(LineContext context, string arguments)
    {
        var room = arguments.Length == 0
            ? context.Session.CurrentRoom
            : context.Hub.FindRoom(UserCommands.RoomOf(UserCommands.FirstWord(arguments)));
        if (room is null || (room.IsSecret && room.MembershipOf(context.Session) is null))
        {
            context.Error(arguments.Length == 0 ? "You are in no room" : $"No such room: {UserCommands.FirstWord(arguments)}");
            return;
        }

        var names = room.Memberships
            .OrderBy(m => m.Session.Who.FoldedNick, StringComparer.Ordinal)
            .Select(m => (m.IsOperator ? "@" : m.IsVoiced ? "+" : "") + m.Session.Who.Nick + (m.Session.AwayMessage is null ? "" : " (away)"));
        context.Notice($"Members of {room.LineName} ({room.MemberCount}): {string.Join(' ', names)}");
    }

    public static void Topic(LineContext context, string arguments)
    {
        var session = context.Session;
        var (first, rest) = UserCommands.SplitFirst(arguments);
        Room? room = null;
        var text = arguments;
        if (first.Length > 0)
        {
            var named = context.Hub.FindRoom(UserCommands.RoomOf(first));
            if (named is not null && (first.StartsWith('#') || named.MembershipOf(session) is not null))
            {
                room = named;
                text = rest;
            }
            else if (first.StartsWith('#'))
            {
                context.Error($"No such room: {first}");
                return;
            }
        }

        room ??= session.CurrentRoom;
        if (room is null)
        {
            context.Error("You are in no room");
            return;
        }

        if (text.Length == 0)
        {
            context.Notice(room.Topic is { } topic
                ? $"Topic of {room.LineName}: {topic} (set by {room.TopicSetBy?.Split('!')[0]})"
                : $"{room.LineName} has no topic");
            return;
        }

        var (result, _) = context.Hub.SetTopic(session, room.Name, text);
        switch (result)
        {
            case HubResult.Ok:
                break;
            case HubResult.NotOnRoom:
                context.Error($"You are not in {room.LineName}");
                break;
            case HubResult.NeedRoomOperator:
                context.Error($"Only operators of {room.LineName} may set its topic");
                break;
            default:
                context.Error($"Cannot set the topic of {room.LineName}");
                break;
        }
    }
}
