using Parley.Core.Hubs;
using Parley.Core.Names;

namespace Parley.Doors.Line;

internal static class UserCommands
{
    public static void Nick(LineContext context, string arguments)
    {
        var nick = FirstWord(arguments);
        switch (context.Hub.ChangeNick(context.Session, nick))
        {
            case HubResult.Ok:
                // The hub's NickEvent, sent to the user too, is the confirmation.
                break;
            case HubResult.Unchanged:
                context.Notice($"You are already known as {nick}");
                break;
            case HubResult.NickInUse:
                context.Error($"The nick {nick} is taken; choose another");
                break;
            default:
                context.Error($"Invalid nick: {nick} (1-{context.Hub.Options.NickLength} characters: a letter or one of []\\`_^{{|}} first, then letters, digits, those or '-')");
                break;
        }
    }

    public static void Quit(LineContext context, string arguments)
    {
        var reason = arguments.Length == 0 ? "Quit" : "Quit: " + arguments;
        context.Notice("Goodbye");
        context.Hub.Disconnect(context.Session, reason);
    }

    public static void Help(LineContext context, string arguments)
    {
        var name = FirstWord(arguments).TrimStart('/');
        if (name.Length > 0)
        {
            var command = LineCommands.Find(name);
            if (command is null)
            {
                context.Error($"No such command: /{name}");
                return;
            }

            context.Notice($"{command.Usage}: {command.Summary}");
            return;
        }

        var lines = new List<string> { LineText.Notice + "Lines that do not start with / are said to your current room. Commands:" };
        lines.AddRange(LineCommands.All.Select(c => $"{LineText.Notice}  {c.Usage,-28} {c.Summary}"));
        lines.Add(LineText.Notice + "Start a line with // to say something that begins with /.");
        context.Session.SendLines(lines);
    }

    internal static string FirstWord(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }

    internal static (string First, string Remainder) SplitFirst(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].TrimStart(' '));
    }

    internal static string RoomOf(string lineName) => RoomNames.FromLineName(lineName);
}
