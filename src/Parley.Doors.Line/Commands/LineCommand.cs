namespace Parley.Doors.Line;

/// <summary>
/// One entry of the declarative command table: checked on the connection's reader (name, required argument)
/// before its handler runs on the hub's thread.
/// </summary>
/// <param name="Name">Typed after '/', lower case.</param>
/// <param name="Usage">Shown by /help and with an argument error.</param>
/// <param name="RequiresArgument">The reader refuses the command without an argument, with its usage.</param>
/// <param name="IsMessage">The command only says something: it joins the Journal's batch (see HubWork.IsMessage).</param>
internal sealed record LineCommand(string Name, string Usage, string Summary, bool RequiresArgument, bool IsMessage, Action<LineContext, string> Run);
