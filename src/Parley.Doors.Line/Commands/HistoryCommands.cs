using System.Globalization;
using Parley.Core.Hubs;
using Parley.Core.Names;
using Parley.Core.Storage;

namespace Parley.Doors.Line;

internal static class HistoryCommands
{
    private const int DefaultCount = 20;

    /// <summary><c>/history [ROOM|@NICK] [N]</c>: the last N messages of a room (public rooms need no membership) or of a private conversation.</summary>
    public static void History(LineContext context, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 2)
        {
            context.Error("Usage: /history [ROOM|@NICK] [N]");
            return;
        }

        var count = context.Hub.Options.HistoryOnJoin > 0 ? context.Hub.Options.HistoryOnJoin : DefaultCount;
        string? which = null;
        foreach (var word in words)
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && word == words[^1] && (words.Length == 2 || !IsRoomWord(context, word)))
            {
                if (n < 1 || n > context.Hub.Options.MaxHistoryRequest)
                {
                    context.Error($"N must be between 1 and {context.Hub.Options.MaxHistoryRequest}");
                    return;
                }

                count = n;
            }
            else if (which is null)
            {
                which = word;
            }
            else
            {
                context.Error("Usage: /history [ROOM|@NICK] [N]");
                return;
            }
        }

        string target;
        string label;
        Room? room = null;
        if (which is not null && which.StartsWith('@'))
        {
            var nick = which[1..];
            if (!NickRules.IsValid(nick, context.Hub.Options.NickLength))
            {
                context.Error($"Invalid nick: {nick}");
                return;
            }

            target = ConversationKey.ForPrivate(context.Session.Who.FoldedNick, Casemapping.Fold(nick));
            label = $"your conversation with {nick}";
        }
        else
        {
            var name = which is null ? context.Session.CurrentRoom?.Name : UserCommands.RoomOf(which);
            if (name is null)
            {
                context.Error("You are in no room: /history ROOM [N]");
                return;
            }

            if (!RoomNames.IsValid(name, context.Hub.Options.RoomNameLength))
            {
                context.Error($"Invalid room name: {which}");
                return;
            }

            room = context.Hub.FindRoom(name);
            if (room is { IsSecret: true } && room.MembershipOf(context.Session) is null)
            {
                context.Error($"No such room: {RoomNames.ToLineName(name)}");
                return;
            }

            target = Casemapping.Fold(name);
            label = RoomNames.ToLineName(name);
        }

        var messages = context.Hub.Store.Latest(target, count);
        if (messages.Count == 0)
        {
            context.Notice($"No history for {label}");
            return;
        }

        var lines = new List<string>(messages.Count + 2) { $"{LineText.Notice}History of {label} ({messages.Count} message{(messages.Count == 1 ? "" : "s")}):" };
        lines.AddRange(messages.Select(m => HistoryLine(m, room, showRoom: false)));
        lines.Add($"{LineText.Notice}End of history");
        context.Session.SendLines(lines);
    }

    /// <summary><c>/search [ROOM] words</c>: full-text search, newest first, in public rooms and the user's own private conversations.</summary>
    public static void Search(LineContext context, string arguments)
    {
        var (first, rest) = UserCommands.SplitFirst(arguments);
        IReadOnlyCollection<string>? rooms = null;
        var words = arguments;
        if (rest.Length > 0 && IsRoomWord(context, first))
        {
            var name = UserCommands.RoomOf(first);
            if (context.Hub.FindRoom(name) is { IsSecret: true } secret && secret.MembershipOf(context.Session) is null)
            {
                context.Error($"No such room: {first}");
                return;
            }

            rooms = [Casemapping.Fold(name)];
            words = rest;
        }

        var limit = Math.Min(context.Hub.Options.MaxHistoryRequest, 50);
        var found = context.Hub.Store.Search(rooms, rooms is null ? context.Session.Who.FoldedNick : null, words, limit)
            .Where(m => m.IsPrivate || context.Hub.FindRoom(m.Target) is not { IsSecret: true } r || r.MembershipOf(context.Session) is not null)
            .ToList();
        if (found.Count == 0)
        {
            context.Notice($"No messages match: {words}");
            return;
        }

        var lines = new List<string>(found.Count + 2) { $"{LineText.Notice}{found.Count} message{(found.Count == 1 ? "" : "s")} match \"{words}\" (newest first):" };
        lines.AddRange(found.Select(m => HistoryLine(m, context.Hub.FindRoom(m.Target), showRoom: true)));
        lines.Add($"{LineText.Notice}End of search");
        context.Session.SendLines(lines);
    }

    /// <summary>A stored message as a history line: <c>[history 2026-11-28 10:40:01Z] &lt;alice&gt; hi</c>.</summary>
    internal static string HistoryLine(StoredMessage message, Room? room, bool showRoom)
    {
        var time = message.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var where = showRoom && !message.IsPrivate ? $"[{RoomNames.ToLineName(room?.Name ?? message.Target)}] " : "";
        var text = LineFormat.CurrentRoom.DescribeMessage(message, room);
        return $"{LineText.History}{time}] {where}{text}";
    }

    private static bool IsRoomWord(LineContext context, string word) =>
        word.StartsWith('#') || context.Hub.FindRoom(UserCommands.RoomOf(word)) is not null;
}
