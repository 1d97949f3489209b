using Parley.Core.Hubs;
using Parley.Core.Storage;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>PRIVMSG, NOTICE (RFC 2812 §3.3) and TAGMSG (IRCv3 message-tags) to channels and nicks.</summary>
internal static class MessageCommands
{
    public static void Privmsg(IrcContext context) => Send(context, notice: false);

    /// <summary>RFC 2812 §3.3.2: "automatic replies MUST NEVER be sent in response to a NOTICE", errors included.</summary>
    public static void Notice(IrcContext context) => Send(context, notice: true);

    public static void Tagmsg(IrcContext context)
    {
        var tags = ClientTags.Join(context.Message.Tags);
        if (tags is null)
        {
            return;
        }

        foreach (var target in Targets(context))
        {
            var result = context.Hub.SendTags(context.Session, target, tags);
            Report(context, result, target, null);
        }
    }

    private static void Send(IrcContext context, bool notice)
    {
        if (context.ParamCount == 0)
        {
            Error(context, notice, Numerics.ERR_NORECIPIENT, $"No recipient given ({context.Message.Command})");
            return;
        }

        if (context.ParamCount < 2 || context.Param(1).Length == 0)
        {
            Error(context, notice, Numerics.ERR_NOTEXTTOSEND, "No text to send");
            return;
        }

        var text = context.Param(1);
        var kind = notice ? MessageKind.Notice : MessageKind.Say;
        if (text.Length > 1 && text[0] == '\x01')
        {
            // CTCP: ACTION is the hub's action kind (so line users see "* nick text"); the hub keeps only text, so
            // other CTCP requests (VERSION, PING…) cannot cross it and are dropped.
            var body = text.TrimStart('\x01').TrimEnd('\x01');
            if (!body.StartsWith("ACTION", StringComparison.Ordinal) || notice)
            {
                return;
            }

            kind = MessageKind.Action;
            text = body.Length > 6 ? body[7..] : "";
        }

        var clientTags = ClientTags.Join(context.Message.Tags);
        foreach (var target in Targets(context))
        {
            if (target.StartsWith('#'))
            {
                var (result, _) = context.Hub.SendToRoom(context.Session, target, kind, text, clientTags);
                if (!notice)
                {
                    Report(context, result, target, null);
                }
            }
            else
            {
                var (result, recipient) = context.Hub.SendToUser(context.Session, target, kind, text, clientTags);
                if (!notice)
                {
                    Report(context, result, target, recipient?.AwayMessage);
                }
            }
        }
    }

    /// <summary>The comma-separated targets, each once, at most <see cref="Welcome.MaxTargets"/>.</summary>
    private static string[] Targets(IrcContext context)
    {
        var list = context.Param(0);
        // Nearly every message has one target: no split, no set (they were most of a message's allocations).
        return list.Contains(',', StringComparison.Ordinal)
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(Welcome.MaxTargets)]
            : list.Length == 0 ? [] : [list];
    }

    private static void Report(IrcContext context, HubResult result, string target, string? away)
    {
        switch (result)
        {
            case HubResult.Ok:
                if (away is not null)
                {
                    context.Numeric(Numerics.RPL_AWAY, target, away);
                }

                break;
            case HubResult.NoSuchNick:
                context.Numeric(Numerics.ERR_NOSUCHNICK, target, "No such nick/channel");
                break;
            case HubResult.NoSuchRoom:
                context.Numeric(Numerics.ERR_NOSUCHCHANNEL, target, "No such channel");
                break;
            case HubResult.CannotSendToRoom:
                context.Numeric(Numerics.ERR_CANNOTSENDTOCHAN, target, "Cannot send to channel");
                break;
            case HubResult.EmptyText:
                context.Numeric(Numerics.ERR_NOTEXTTOSEND, "No text to send");
                break;
        }
    }

    private static void Error(IrcContext context, bool notice, string code, string text)
    {
        if (!notice)
        {
            context.Numeric(code, text);
        }
    }
}
