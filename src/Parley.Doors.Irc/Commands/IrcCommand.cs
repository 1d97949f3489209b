namespace Parley.Doors.Irc.Commands;

/// <summary>
/// One entry of the declarative command table, checked before the handler runs: unknown (421), not allowed before
/// registration (451), too few parameters (461).
/// </summary>
/// <param name="Name">The command as IrcCommands spells it.</param>
/// <param name="MinParameters">Fewer gives ERR_NEEDMOREPARAMS.</param>
/// <param name="BeforeRegistration">Allowed before the welcome (RFC 2812 §3.1: PASS, NICK, USER, plus CAP, PING, PONG, QUIT).</param>
/// <param name="IsMessage">Only sends messages: joins the Journal's batch (see HubWork.IsMessage).</param>
internal sealed record IrcCommand(string Name, int MinParameters, bool BeforeRegistration, bool IsMessage, Action<IrcContext> Run);
