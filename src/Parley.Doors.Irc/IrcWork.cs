using Parley.Core.Hubs;
using Parley.Doors.Irc.Commands;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>One line of an IRC client, run on the hub's thread: the command table's checks, then the handler.</summary>
internal sealed class IrcWork(IrcSession session, IrcMessage? message, IrcParseError error) : HubWork(session)
{
    private readonly IrcCommand? _command = message is null || error != IrcParseError.None ? null : IrcCommandTable.Find(message.Command);

    public override bool IsMessage => _command?.IsMessage ?? false;

    public override void Execute(Hub hub)
    {
        var context = IrcContext.Rent(hub, session, message ?? new IrcMessage("*"));
        if (context.Label is null)
        {
            Run(context);
        }
        else
        {
            RunLabeled(hub, context);
        }

        context.Flush();
        context.Return();
    }

    /// <summary>
    /// IRCv3 labeled-response: what the hub sends this client while the command runs (its NICK, TOPIC, MODE…)
    /// belongs to the labeled reply, in order with the command's own numerics. A labeled message is committed
    /// at once (after what was already pending, delivered outside the capture) so that its echo-message copy
    /// carries the label, as the spec asks. A method of its own so that the capture's closure is only allocated
    /// for labeled commands.
    /// </summary>
    private void RunLabeled(Hub hub, IrcContext context)
    {
        if (IsMessage)
        {
            hub.FlushJournal();
        }

        using (session.Outbox.Capture(bytes => context.Replies.AddRaw(bytes)))
        {
            Run(context);
            if (IsMessage)
            {
                hub.FlushJournal();
            }
        }
    }

    private void Run(IrcContext context)
    {
        switch (error)
        {
            case IrcParseError.None:
                break;
            case IrcParseError.LineTooLong or IrcParseError.TagsTooLong:
                context.Numeric(Numerics.ERR_INPUTTOOLONG, "Input line was too long");
                return;
            case IrcParseError.InvalidUtf8:
                // IRCv3 UTF8ONLY: refuse, never relay, and say why with a standard reply.
                context.Reply(null, Numerics.FAIL, message?.Command ?? "*", "INVALID_UTF8", "Message rejected: it was not valid UTF-8");
                return;
            default:
                // Modern IRC: malformed messages are ignored.
                return;
        }

        var msg = context.Message;
        if (_command is null)
        {
            context.Numeric(Numerics.ERR_UNKNOWNCOMMAND, msg.Command, "Unknown command");
            return;
        }

        if (!session.IsRegistered && !_command.BeforeRegistration)
        {
            context.Numeric(Numerics.ERR_NOTREGISTERED, "You have not registered");
            return;
        }

        if (msg.Parameters.Count < _command.MinParameters)
        {
            context.Numeric(Numerics.ERR_NEEDMOREPARAMS, msg.Command, "Not enough parameters");
            return;
        }

        _command.Run(context);
    }
}
