using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Doors.Line;

internal static class MessageCommands
{
    public static void Say(LineContext context, string text) => SayInCurrentRoom(context, MessageKind.Say, text);

    public static void Me(LineContext context, string text) => SayInCurrentRoom(context, MessageKind.Action, text);

    public static void Msg(LineContext context, string arguments)
    {
        var (nick, text) = UserCommands.SplitFirst(arguments);
        if (text.Length == 0)
        {
            context.Error("Usage: /msg NICK text");
            return;
        }

        var (result, _) = context.Hub.SendToUser(context.Session, nick, MessageKind.Say, text);
        switch (result)
        {
            case HubResult.Ok:
                break;
            case HubResult.NoSuchNick:
                context.Error($"No such nick: {nick}");
                break;
            default:
                context.Error("Nothing to send");
                break;
        }
    }

    private static void SayInCurrentRoom(LineContext context, MessageKind kind, string text)
    {
        var room = context.Session.CurrentRoom;
        if (room is null)
        {
            context.Error("You are in no room: /join one first (try /rooms)");
            return;
        }

        var (result, _) = context.Hub.SendToRoom(context.Session, room.Name, kind, text);
        switch (result)
        {
            case HubResult.Ok:
            case HubResult.EmptyText:
                break;
            case HubResult.CannotSendToRoom:
                context.Error($"You cannot speak in {room.LineName} (moderated, or you are banned)");
                break;
            default:
                context.Error($"Cannot send to {room.LineName}");
                break;
        }
    }
}
