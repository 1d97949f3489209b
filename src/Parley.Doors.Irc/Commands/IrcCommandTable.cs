using System.Collections.Frozen;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>The IRC commands Parley serves (docs/irc.md), with their minimum parameters per RFC 2812 / Modern IRC.</summary>
internal static class IrcCommandTable
{
    public static IReadOnlyList<IrcCommand> All { get; } =
    [
        new(IrcCommands.Cap, 1, true, false, CapCommand.Run),
        new(IrcCommands.Pass, 1, true, false, Registration.Pass),
        new(IrcCommands.Nick, 0, true, false, Registration.Nick),
        new(IrcCommands.User, 4, true, false, Registration.User),
        new(IrcCommands.Ping, 1, true, false, Registration.Ping),
        new(IrcCommands.Pong, 0, true, false, static _ => { }),
        new(IrcCommands.Quit, 0, true, false, Registration.Quit),
        new(IrcCommands.Join, 1, false, false, ChannelCommands.Join),
        new(IrcCommands.Part, 1, false, false, ChannelCommands.Part),
        new(IrcCommands.Topic, 1, false, false, ChannelCommands.Topic),
        new(IrcCommands.Names, 0, false, false, ChannelCommands.Names),
        new(IrcCommands.List, 0, false, false, ChannelCommands.List),
        new(IrcCommands.Kick, 2, false, false, ChannelCommands.Kick),
        new(IrcCommands.Invite, 2, false, false, ChannelCommands.Invite),
        new(IrcCommands.Privmsg, 0, false, true, MessageCommands.Privmsg),
        new(IrcCommands.Notice, 0, false, true, MessageCommands.Notice),
        new(IrcCommands.Tagmsg, 1, false, false, MessageCommands.Tagmsg),
        new(IrcCommands.Mode, 1, false, false, ModeCommand.Run),
        new(IrcCommands.Who, 0, false, false, UserQueries.Who),
        new(IrcCommands.Whois, 1, false, false, UserQueries.Whois),
        new(IrcCommands.Whowas, 1, false, false, UserQueries.Whowas),
        new(IrcCommands.Ison, 1, false, false, UserQueries.Ison),
        new(IrcCommands.Userhost, 1, false, false, UserQueries.Userhost),
        new(IrcCommands.Away, 0, false, false, UserQueries.Away),
        new(IrcCommands.Setname, 1, false, false, UserQueries.Setname),
        new(IrcCommands.Motd, 0, false, false, ServerQueries.Motd),
        new(IrcCommands.Lusers, 0, false, false, ServerQueries.Lusers),
        new(IrcCommands.Version, 0, false, false, ServerQueries.Version),
        new(IrcCommands.Time, 0, false, false, ServerQueries.Time),
        new(IrcCommands.Admin, 0, false, false, ServerQueries.Admin),
        new(IrcCommands.Info, 0, false, false, ServerQueries.Info),
        new(IrcCommands.Links, 0, false, false, ServerQueries.Links),
        new(IrcCommands.Oper, 2, false, false, OperatorCommands.Oper),
        new(IrcCommands.Kill, 2, false, false, OperatorCommands.Kill),
        new(IrcCommands.Chathistory, 1, false, false, ChatHistoryCommand.Run),
    ];

    private static readonly FrozenDictionary<string, IrcCommand> ByName = All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    public static IrcCommand? Find(string name) => ByName.GetValueOrDefault(name);
}
