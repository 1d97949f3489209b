using Parley.Core.Hubs;

namespace Parley.Doors.Line;

/// <summary>One line of a line-protocol user, run on the hub's thread.</summary>
internal sealed class LineWork(LineSession session, LineCommand command, string arguments) : HubWork(session)
{
    public override bool IsMessage => command.IsMessage;

    public override void Execute(Hub hub) => command.Run(new LineContext(hub, (LineSession)Session!), arguments);
}

/// <summary>What a line command handler works with: the hub and the user's session.</summary>
internal readonly record struct LineContext(Hub Hub, LineSession Session)
{
    public void Reply(string line) => Session.Send(line);

    public void Error(string text) => Session.Send(LineText.Error + text);

    public void Notice(string text) => Session.Send(LineText.Notice + text);
}
