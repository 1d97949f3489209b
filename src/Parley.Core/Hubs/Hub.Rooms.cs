using Parley.Core.Events;
using Parley.Core.Names;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

public sealed partial class Hub
{
    /// <summary>
    /// Joins a room, creating it (with the joiner as its operator) when it does not exist. The other members get a
    /// <see cref="JoinEvent"/>; the joiner's own confirmation is the door's to render.
    /// </summary>
    /// <param name="overridePrivileges">A server operator passes bans, invite-only, keys and limits.</param>
    public (HubResult Result, Room? Room) Join(Session session, string name, string? key = null, bool overridePrivileges = false)
    {
        if (!RoomNames.IsValid(name, Options.RoomNameLength))
        {
            return (HubResult.InvalidRoomName, null);
        }

        var room = FindRoom(name);
        if (room is not null && room.Members.ContainsKey(session))
        {
            return (HubResult.Unchanged, room);
        }

        if (session.RoomCount >= Options.MaxRoomsPerUser)
        {
            return (HubResult.TooManyRooms, room);
        }

        var created = room is null;
        if (room is null)
        {
            room = new Room(name, Now);
            _rooms.Add(room.FoldedName, room);
        }
        else if (!overridePrivileges)
        {
            var refusal = CheckEntry(session, room, key);
            if (refusal != HubResult.Ok)
            {
                return (refusal, room);
            }
        }

        var membership = new Membership(session, room, created ? MemberStatus.Operator : MemberStatus.None, Now);
        room.Members.Add(session, membership);
        session.AddMembership(room, membership);
        room.Invited.Remove(session.Who.FoldedNick);
        SendToRoom(new JoinEvent(Now, session.Who, room), room, except: session);
        return (HubResult.Ok, room);
    }

    /// <summary>Leaves a room; the others get a <see cref="PartEvent"/>. An emptied room disappears.</summary>
    public (HubResult Result, Room? Room) Part(Session session, string name, string? reason)
    {
        var room = FindRoom(name);
        if (room is null)
        {
            return (HubResult.NoSuchRoom, null);
        }

        if (!room.Members.ContainsKey(session))
        {
            return (HubResult.NotOnRoom, room);
        }

        reason = reason is null ? null : CleanReason(reason);
        SendToRoom(new PartEvent(Now, session.Who, room, reason), room, except: session);
        RemoveMember(room, session);
        return (HubResult.Ok, room);
    }

    /// <summary>Sets a room's topic (empty clears it); every member, the setter included, gets a <see cref="TopicEvent"/>.</summary>
    public (HubResult Result, Room? Room) SetTopic(Session session, string name, string topic, bool overridePrivileges = false)
    {
        var room = FindRoom(name);
        if (room is null)
        {
            return (HubResult.NoSuchRoom, null);
        }

        var refusal = CheckPrivilege(session, room, operatorNeeded: room.Has(RoomFlags.TopicLocked), overridePrivileges);
        if (refusal != HubResult.Ok)
        {
            return (refusal, room);
        }

        topic = TextRules.TruncateUtf8(TextRules.StripControls(topic), Options.TopicLength);
        room.Topic = topic.Length == 0 ? null : topic;
        room.TopicSetBy = session.Who.Prefix;
        room.TopicSetAt = Now;
        SendToRoom(new TopicEvent(Now, session.Who, room, topic), room);
        return (HubResult.Ok, room);
    }

    /// <summary>Removes a member by force; every member, the victim included, gets a <see cref="KickEvent"/>.</summary>
    public (HubResult Result, Room? Room) Kick(Session session, string roomName, string victimNick, string? reason, bool overridePrivileges = false)
    {
        var room = FindRoom(roomName);
        if (room is null)
        {
            return (HubResult.NoSuchRoom, null);
        }

        var refusal = CheckPrivilege(session, room, operatorNeeded: true, overridePrivileges);
        if (refusal != HubResult.Ok)
        {
            return (refusal, room);
        }

        var victim = FindUser(victimNick);
        if (victim is null)
        {
            return (HubResult.NoSuchNick, room);
        }

        if (!room.Members.ContainsKey(victim))
        {
            return (HubResult.TargetNotOnRoom, room);
        }

        SendToRoom(new KickEvent(Now, session.Who, room, victim.Who, CleanReason(reason ?? session.Who.Nick)), room);
        RemoveMember(room, victim);
        return (HubResult.Ok, room);
    }

    /// <summary>Invites a user into a room (lifting invite-only and bans for that user's next join).</summary>
    public (HubResult Result, Room? Room, Session? Invitee) Invite(Session session, string nick, string roomName, bool overridePrivileges = false)
    {
        var invitee = FindUser(nick);
        if (invitee is null)
        {
            return (HubResult.NoSuchNick, null, null);
        }

        var room = FindRoom(roomName);
        if (room is null)
        {
            return (HubResult.NoSuchRoom, null, invitee);
        }

        var refusal = CheckPrivilege(session, room, operatorNeeded: room.Has(RoomFlags.InviteOnly), overridePrivileges);
        if (refusal != HubResult.Ok)
        {
            return (refusal, room, invitee);
        }

        if (room.Members.ContainsKey(invitee))
        {
            return (HubResult.TargetAlreadyOnRoom, room, invitee);
        }

        room.Invited.Add(invitee.Who.FoldedNick);
        var invite = new InviteEvent(Now, session.Who, room, invitee.Who);
        SendTo(invite, invitee);

        // IRCv3 invite-notify: the room's operators hear of it too (the format decides whether to show it).
        _renderCache.Reset(invite);
        foreach (var member in room.Members.Values)
        {
            if (member.IsOperator && !ReferenceEquals(member.Session, session))
            {
                member.Session.Outbox.Enqueue(_renderCache.Get(member.Session.FormatFor(room)));
            }
        }

        return (HubResult.Ok, room, invitee);
    }

    /// <summary>True when a session could send to a room now (membership with +n, +m, bans).</summary>
    public bool CanSend(Session session, Room room)
    {
        var membership = room.MembershipOf(session);
        if (membership is null)
        {
            return !room.Has(RoomFlags.NoExternal) && !room.Has(RoomFlags.Moderated) && !IsBanned(session, room);
        }

        if (membership.Status != MemberStatus.None)
        {
            return true;
        }

        return !room.Has(RoomFlags.Moderated) && !IsBanned(session, room);
    }

    public static bool IsBanned(Session session, Room room)
    {
        // A loop, not Any with a lambda: this runs for every message said in a room, and the lambda's closure was
        // an allocation each time.
        foreach (var ban in room.Bans)
        {
            if (Wildcard.IsMatch(ban.Mask, session.Who.Prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a session may act on a room: it must be a member, and an operator when <paramref name="operatorNeeded"/>;
    /// a server operator with <paramref name="overridePrivileges"/> always may.</summary>
    private static HubResult CheckPrivilege(Session session, Room room, bool operatorNeeded, bool overridePrivileges)
    {
        if (overridePrivileges)
        {
            return HubResult.Ok;
        }

        var membership = room.MembershipOf(session);
        if (membership is null)
        {
            return HubResult.NotOnRoom;
        }

        return operatorNeeded && !membership.IsOperator ? HubResult.NeedRoomOperator : HubResult.Ok;
    }

    private HubResult CheckEntry(Session session, Room room, string? key)
    {
        var invited = room.Invited.Contains(session.Who.FoldedNick);
        if (IsBanned(session, room) && !invited)
        {
            return HubResult.Banned;
        }

        if (room.Has(RoomFlags.InviteOnly) && !invited)
        {
            return HubResult.InviteOnly;
        }

        if (room.Key is not null && room.Key != key)
        {
            return HubResult.BadKey;
        }

        if (room.UserLimit is { } limit && room.MemberCount >= limit)
        {
            return HubResult.RoomFull;
        }

        return HubResult.Ok;
    }

    private string CleanReason(string reason) => TextRules.TruncateUtf8(TextRules.StripControls(reason), Options.ReasonLength);
}
