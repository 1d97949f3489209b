using Parley.Core.Events;
using Parley.Core.Names;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Core.Hubs;

public sealed partial class Hub
{
    /// <summary>
    /// Says something in a room. The message joins the Journal's batch: it is delivered to the other members
    /// (and to the sender with echo-message) only after the batch is committed.
    /// </summary>
    public (HubResult Result, Room? Room) SendToRoom(Session sender, string roomName, MessageKind kind, string text, string? clientTags = null)
    {
        var room = FindRoom(roomName);
        if (room is null)
        {
            return (HubResult.NoSuchRoom, null);
        }

        if (!CanSend(sender, room))
        {
            return (HubResult.CannotSendToRoom, room);
        }

        text = TextRules.StripControls(text);
        if (text.Length == 0 && kind != MessageKind.Action)
        {
            return (HubResult.EmptyText, room);
        }

        sender.LastActivity = Now;
        Journal.Accept(sender, room.FoldedName, room, null, null, kind, text, clientTags, Now);
        FlushIfBatchFull();
        return (HubResult.Ok, room);
    }

    /// <summary>Says something to one user privately; stored under the pair's conversation key, then delivered.</summary>
    public (HubResult Result, Session? Recipient) SendToUser(Session sender, string nick, MessageKind kind, string text, string? clientTags = null)
    {
        var recipient = FindUser(nick);
        if (recipient is null)
        {
            return (HubResult.NoSuchNick, null);
        }

        text = TextRules.StripControls(text);
        if (text.Length == 0 && kind != MessageKind.Action)
        {
            return (HubResult.EmptyText, recipient);
        }

        sender.LastActivity = Now;
        var target = ConversationKey.ForPrivate(sender.Who.FoldedNick, recipient.Who.FoldedNick);
        Journal.Accept(sender, target, null, recipient, recipient.Who.Nick, kind, text, clientTags, Now);
        FlushIfBatchFull();
        return (HubResult.Ok, recipient);
    }

    /// <summary>Relays client-only tags without text (IRCv3 TAGMSG). Never stored, so delivered at once.</summary>
    public HubResult SendTags(Session sender, string target, string clientTags)
    {
        if (target.Length > 0 && target[0] == RoomNames.Prefix)
        {
            var room = FindRoom(target);
            if (room is null)
            {
                return HubResult.NoSuchRoom;
            }

            if (!CanSend(sender, room))
            {
                return HubResult.CannotSendToRoom;
            }

            var roomEvent = new TagMessageEvent(Now, MessageIds.Next(), sender.Who, room, null, clientTags);
            SendToRoom(roomEvent, room, sender.EchoesOwnMessages ? null : sender);
            return HubResult.Ok;
        }

        var recipient = FindUser(target);
        if (recipient is null)
        {
            return HubResult.NoSuchNick;
        }

        var privateEvent = new TagMessageEvent(Now, MessageIds.Next(), sender.Who, null, recipient.Who.Nick, clientTags);
        SendTo(privateEvent, recipient);
        if (sender.EchoesOwnMessages && !ReferenceEquals(sender, recipient))
        {
            SendTo(privateEvent, sender);
        }

        return HubResult.Ok;
    }

    /// <summary>Marks a user away (a message) or back (null) and tells those who share a room (IRCv3 away-notify).</summary>
    public void SetAway(Session session, string? message)
    {
        session.AwayMessage = message is null ? null : CleanReason(message);
        Announce(new AwayEvent(Now, session.Who, session.AwayMessage), session, includeSelf: false);
    }

    private void FlushIfBatchFull()
    {
        if (Journal.PendingCount >= Options.MaxCommitBatch)
        {
            Journal.Submit();
        }
    }
}
