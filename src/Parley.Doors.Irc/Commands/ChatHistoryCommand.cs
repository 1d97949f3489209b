using System.Globalization;
using Parley.Core.Names;
using Parley.Core.Storage;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Commands;

/// <summary>
/// IRCv3 draft/chathistory: <c>CHATHISTORY LATEST|BEFORE|AFTER|AROUND|BETWEEN target …</c> and <c>TARGETS</c>, read from
/// the store and sent in a <c>chathistory</c> batch (an empty batch when nothing matches). Errors are standard
/// replies: <c>FAIL CHATHISTORY &lt;code&gt;</c>.
/// </summary>
internal static class ChatHistoryCommand
{
    public static void Run(IrcContext context)
    {
        var sub = context.Param(0).ToUpperInvariant();
        if (sub == "TARGETS")
        {
            Targets(context);
            return;
        }

        var needed = sub == "BETWEEN" ? 5 : 4;
        if (sub is not ("LATEST" or "BEFORE" or "AFTER" or "AROUND" or "BETWEEN"))
        {
            Fail(context, "INVALID_PARAMS", sub, "Unknown subcommand");
            return;
        }

        if (context.ParamCount < needed)
        {
            Fail(context, "NEED_MORE_PARAMS", sub, "Missing parameters");
            return;
        }

        var target = context.Param(1);
        if (!TryConversation(context, target, out var key, out var display))
        {
            Fail(context, "INVALID_TARGET", sub, target, "Messages could not be retrieved");
            return;
        }

        if (!int.TryParse(context.Param(needed - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            Fail(context, "INVALID_PARAMS", sub, context.Param(needed - 1), "Invalid limit");
            return;
        }

        limit = Math.Min(limit, context.Hub.Options.MaxHistoryRequest);
        var store = context.Hub.Store;
        IReadOnlyList<StoredMessage> messages;
        if (sub == "LATEST")
        {
            // "*" for the newest messages; with an anchor, the newest ones after it.
            if (context.Param(2) == "*")
            {
                messages = store.Latest(key, limit);
            }
            else if (TryAnchor(context.Param(2), out var since))
            {
                var after = Resolve(store, since);
                messages = [.. store.Latest(key, limit).Where(m => after is null || m.Time > after)];
            }
            else
            {
                Fail(context, "INVALID_PARAMS", sub, context.Param(2), "Invalid message reference");
                return;
            }
        }
        else if (!TryAnchor(context.Param(2), out var anchor) || (sub == "BETWEEN" && !TryAnchor(context.Param(3), out _)))
        {
            Fail(context, "INVALID_PARAMS", sub, context.Param(2), "Invalid message reference");
            return;
        }
        else
        {
            messages = sub switch
            {
                "BEFORE" => store.Before(key, anchor, limit),
                "AFTER" => store.After(key, anchor, limit),
                "AROUND" => store.Around(key, anchor, limit),
                _ => Between(store, key, anchor, context.Param(3), limit),
            };
        }

        var batch = context.Replies.NewBatchId();
        var format = (IrcFormat)context.Session.FormatFor(null);
        var useBatch = context.Session.Has(IrcCaps.Batch);
        if (useBatch)
        {
            context.Reply(null, IrcCommands.Batch, "+" + batch, "chathistory", display);
        }

        var replies = context.Replies;
        var from = replies.Position;
        foreach (var message in messages)
        {
            var messageTarget = message.IsPrivate ? message.Recipient ?? display : display;
            format.WriteStored(replies.Writer, message, messageTarget, useBatch ? batch : null);
        }

        replies.AddWritten(from, inBatch: useBatch);

        if (useBatch)
        {
            context.Reply(null, IrcCommands.Batch, "-" + batch);
        }
    }

    /// <summary><c>TARGETS timestamp=A timestamp=B limit</c>: conversations with messages between the times, in a draft/chathistory-targets batch.</summary>
    private static void Targets(IrcContext context)
    {
        if (context.ParamCount < 4)
        {
            Fail(context, "NEED_MORE_PARAMS", "TARGETS", "Missing parameters");
            return;
        }

        if (!TryAnchor(context.Param(1), out var a) || !TryAnchor(context.Param(2), out var b) || a.Time is null || b.Time is null
            || !int.TryParse(context.Param(3), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            Fail(context, "INVALID_PARAMS", "TARGETS", "Invalid parameters");
            return;
        }

        var (from, to) = a.Time < b.Time ? (a.Time.Value, b.Time.Value) : (b.Time.Value, a.Time.Value);
        var me = context.Session.Who.FoldedNick;
        var rooms = context.Session.Rooms.Select(r => r.FoldedName).ToList();
        var targets = context.Hub.Store.Targets(me, rooms, from, to, Math.Min(limit, context.Hub.Options.MaxHistoryRequest));
        var batch = context.Replies.NewBatchId();
        var useBatch = context.Session.Has(IrcCaps.Batch);
        if (useBatch)
        {
            context.Reply(null, IrcCommands.Batch, "+" + batch, "draft/chathistory-targets");
        }

        foreach (var summary in targets)
        {
            var name = ConversationKey.IsPrivate(summary.Target) ? OtherNick(summary.Target, me) : context.Hub.FindRoom(summary.Target)?.Name ?? summary.Target;
            var tags = useBatch ? new List<(string, string)> { ("batch", batch) } : null;
            context.Replies.AddTagged(tags, context.Server, IrcCommands.Chathistory, "TARGETS", name, "timestamp=" + IrcFormat.Timestamp(summary.LatestTime));
        }

        if (useBatch)
        {
            context.Reply(null, IrcCommands.Batch, "-" + batch);
        }
    }

    private static IReadOnlyList<StoredMessage> Between(IMessageStore store, string key, HistoryAnchor from, string to, int limit)
    {
        TryAnchor(to, out var end);
        return store.Between(key, from, end, limit);
    }

    /// <summary>A room the client may read (a member, or a room that is not secret), or the client's conversation with a nick.</summary>
    private static bool TryConversation(IrcContext context, string target, out string key, out string display)
    {
        key = display = target;
        if (target.StartsWith('#'))
        {
            var room = context.Hub.FindRoom(target);
            if (room is not null && room.IsSecret && room.MembershipOf(context.Session) is null)
            {
                return false;
            }

            key = Casemapping.Fold(target);
            display = room?.Name ?? target;
            return RoomNames.IsValid(target, context.Hub.Options.RoomNameLength);
        }

        if (!NickRules.IsValid(target, context.Hub.Options.NickLength))
        {
            return false;
        }

        key = ConversationKey.ForPrivate(context.Session.Who.FoldedNick, Casemapping.Fold(target));
        return true;
    }

    /// <summary><c>msgid=ID</c>, <c>timestamp=ISO8601</c> (MSGREFTYPES), or "*".</summary>
    private static bool TryAnchor(string text, out HistoryAnchor anchor)
    {
        anchor = default;
        if (text.StartsWith("msgid=", StringComparison.Ordinal) && text.Length > 6)
        {
            anchor = HistoryAnchor.ById(text[6..]);
            return true;
        }

        if (text.StartsWith("timestamp=", StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text[10..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            anchor = HistoryAnchor.AtTime(time);
            return true;
        }

        return false;
    }

    private static DateTimeOffset? Resolve(IMessageStore store, HistoryAnchor anchor) =>
        anchor.Time ?? (anchor.MsgId is { } id ? store.Find(id)?.Time : null);

    private static string OtherNick(string key, string me)
    {
        var pair = key[1..].Split(',');
        return pair[0] == me ? pair[^1] : pair[0];
    }

    private static void Fail(IrcContext context, string code, params string[] rest) =>
        context.Reply(null, Numerics.FAIL, [IrcCommands.Chathistory, code, .. rest]);
}
