using Parley.Core.Hubs;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>OPER and KILL (RFC 2812 §3.1.4, §3.7.1). Operators are configured with PBKDF2 hashes (docs/irc.md).</summary>
internal static class OperatorCommands
{
    public static void Oper(IrcContext context)
    {
        var name = context.Param(0);
        var entry = context.Session.Door.Options.Operators.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
        if (entry is null)
        {
            context.Numeric(Numerics.ERR_NOOPERHOST, "No O-lines for your host");
            return;
        }

        // 600k PBKDF2 iterations take a few hundred ms: never on the hub's thread, which everyone shares. The check
        // runs on the pool and its outcome comes back as hub work, which alone grants the privilege.
        var session = context.Session;
        var message = context.Message;
        var password = context.Param(1);
        context.Defer();
        _ = Task.Run(() => OperatorPassword.Verify(password, entry.PasswordHash)).ContinueWith(
            verified => session.Post(new Core.Hubs.DelegateWork(session, hub =>
            {
                var followUp = IrcContext.Rent(hub, session, message);
                Finish(followUp, entry.Name, verified.IsCompletedSuccessfully && verified.Result);
                followUp.Flush();
                followUp.Return();
            })),
            TaskScheduler.Default);
    }

    private static void Finish(IrcContext context, string operName, bool verified)
    {
        var logger = context.Session.Door.Logger;
        if (!verified)
        {
            IrcLog.OperFailed(logger, context.Session.Id, context.Session.Who.Nick, operName);
            context.Numeric(Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
            return;
        }

        IrcLog.OperGranted(logger, context.Session.Id, context.Session.Who.Nick, operName);
        context.Hub.GrantServerOperator(context.Session);
        context.Numeric(Numerics.RPL_YOUREOPER, "You are now an IRC operator");
        context.Reply(context.Server, IrcCommands.Mode, context.Session.Who.Nick, "+o");
    }

    public static void Kill(IrcContext context)
    {
        var nick = context.Param(0);
        var (result, victim) = context.Hub.Kill(context.Session, nick, context.Param(1));
        switch (result)
        {
            case HubResult.Ok:
                IrcLog.Killed(context.Session.Door.Logger, context.Session.Who.Nick, victim!.Who.Nick);
                break;
            case HubResult.NoPrivileges:
                context.Numeric(Numerics.ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
                break;
            case HubResult.NoSuchNick:
                context.Numeric(Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
                break;
        }
    }
}
