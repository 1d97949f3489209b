using System.Collections.Frozen;

namespace Parley.Doors.Line;

/// <summary>The line protocol's commands (docs/line-protocol.md).</summary>
internal static class LineCommands
{
    /// <summary>A line without a leading '/': said to the current room.</summary>
    public static LineCommand Say { get; } = new("say", "text", "Say something to your current room", true, true, MessageCommands.Say);

    public static IReadOnlyList<LineCommand> All { get; } =
    [
        new("nick", "/nick NAME", "Change your nick", true, false, UserCommands.Nick),
        new("join", "/join ROOM", "Join a room (created if new) and make it your current room", true, false, RoomCommands.Join),
        new("part", "/part [ROOM] [reason]", "Leave a room (default: the current one)", false, false, RoomCommands.Part),
        new("rooms", "/rooms", "List rooms with their member counts and topics", false, false, RoomCommands.Rooms),
        new("who", "/who [ROOM]", "List the members of a room (default: the current one)", false, false, RoomCommands.Who),
        new("msg", "/msg NICK text", "Send a private message", true, true, MessageCommands.Msg),
        new("me", "/me action", "Describe an action in your current room", true, true, MessageCommands.Me),
        new("topic", "/topic [ROOM] [text]", "Show or set a room's topic", false, false, RoomCommands.Topic),
        new("history", "/history [ROOM|@NICK] [N]", "Show the last N messages of a room or of a private conversation", false, false, HistoryCommands.History),
        new("search", "/search [ROOM] words", "Find messages containing all the words, newest first", true, false, HistoryCommands.Search),
        new("help", "/help [COMMAND]", "Show the commands, or one command's usage", false, false, UserCommands.Help),
        new("quit", "/quit [reason]", "Leave the server", false, false, UserCommands.Quit),
    ];

    private static readonly FrozenDictionary<string, LineCommand> ByName = All.ToFrozenDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public static LineCommand? Find(string name) => ByName.GetValueOrDefault(name);
}
