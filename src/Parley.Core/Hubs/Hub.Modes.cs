using System.Text;
using Parley.Core.Events;
using Parley.Core.Names;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

public sealed partial class Hub
{
    /// <summary>The channel modes the hub knows: list (b), always-argument (o v k), argument-when-set (l), flags (imnst).</summary>
    public const string RoomModeLetters = "bklimnstov";

    /// <summary>
    /// Applies channel mode changes in order (RFC 2812 §3.2.3). Only room operators (or a server operator with
    /// <paramref name="overridePrivileges"/>) may change modes. Changes that do nothing (+m when already +m) are
    /// dropped silently, as servers do, so the ModeEvent announced to every member names only real changes.
    /// </summary>
    public ModeOutcome ChangeRoomModes(Session session, string roomName, IReadOnlyList<ModeChange> changes, bool overridePrivileges = false)
    {
        var room = FindRoom(roomName);
        if (room is null)
        {
            return new ModeOutcome(HubResult.NoSuchRoom, null, [], []);
        }

        var membership = room.MembershipOf(session);
        if (!overridePrivileges && membership is not { IsOperator: true })
        {
            return new ModeOutcome(membership is null ? HubResult.NotOnRoom : HubResult.NeedRoomOperator, room, [], []);
        }

        var applied = new List<ModeChange>();
        var refused = new List<ModeRefusal>();
        foreach (var change in changes)
        {
            var result = Apply(session, room, change, out var normalized);
            if (result == HubResult.Ok)
            {
                applied.Add(normalized);
            }
            else if (result != HubResult.Unchanged)
            {
                refused.Add(new ModeRefusal(change, result));
            }
        }

        if (applied.Count > 0)
        {
            var modes = new StringBuilder();
            bool? adding = null;
            var arguments = new List<string>();
            foreach (var change in applied)
            {
                if (adding != change.Adding)
                {
                    modes.Append(change.Adding ? '+' : '-');
                    adding = change.Adding;
                }

                modes.Append(change.Mode);
                if (change.Argument is { } argument)
                {
                    arguments.Add(argument);
                }
            }

            SendToRoom(new ModeEvent(Now, session.Who, room, modes.ToString(), arguments), room);
        }

        return new ModeOutcome(HubResult.Ok, room, applied, refused);
    }

    /// <summary>The room's current modes as IRC shows them (RPL_CHANNELMODEIS): flags, then k and l with arguments for members.</summary>
    public static (string Modes, IReadOnlyList<string> Arguments) DescribeModes(Room room, bool showKey)
    {
        var modes = new StringBuilder("+");
        var arguments = new List<string>();
        foreach (var (flag, letter) in FlagLetters)
        {
            if (room.Has(flag))
            {
                modes.Append(letter);
            }
        }

        if (room.Key is { } key)
        {
            modes.Append('k');
            arguments.Add(showKey ? key : "*");
        }

        if (room.UserLimit is { } limit)
        {
            modes.Append('l');
            arguments.Add(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return (modes.ToString(), arguments);
    }

    /// <summary>User modes a user sets on themself: +i (invisible) and +B (bot, IRCv3 bot-mode). Null leaves one as it is.</summary>
    public void SetUserModes(Session session, bool? invisible, bool? bot)
    {
        if (invisible is { } i && i != session.IsInvisible)
        {
            session.IsInvisible = i;
            if (session.IsRegistered)
            {
                InvisibleCount += i ? 1 : -1;
            }
        }

        if (bot is { } b && b != session.Who.IsBot)
        {
            session.Who = session.Who.WithBot(b);
        }
    }

    /// <summary>Makes a session a server operator (after the door checked OPER's credentials).</summary>
    public void GrantServerOperator(Session session)
    {
        if (!session.IsServerOperator && session.IsRegistered)
        {
            OperatorCount++;
        }

        session.IsServerOperator = true;
    }

    /// <summary>A server operator disconnects a user (IRC KILL); everyone who shared a room sees the quit with the reason.</summary>
    public (HubResult Result, Session? Victim) Kill(Session killer, string nick, string reason)
    {
        if (!killer.IsServerOperator)
        {
            return (HubResult.NoPrivileges, null);
        }

        var victim = FindUser(nick);
        if (victim is null)
        {
            return (HubResult.NoSuchNick, null);
        }

        Disconnect(victim, $"Killed ({killer.Who.Nick} ({CleanReason(reason)}))");
        return (HubResult.Ok, victim);
    }

    private static readonly (RoomFlags Flag, char Letter)[] FlagLetters =
    [
        (RoomFlags.InviteOnly, 'i'), (RoomFlags.Moderated, 'm'), (RoomFlags.NoExternal, 'n'),
        (RoomFlags.Secret, 's'), (RoomFlags.TopicLocked, 't'),
    ];

    private HubResult Apply(Session session, Room room, ModeChange change, out ModeChange normalized)
    {
        normalized = change;
        switch (change.Mode)
        {
            case 'o' or 'v':
                return ApplyStatus(room, change, change.Mode == 'o' ? MemberStatus.Operator : MemberStatus.Voice, out normalized);
            case 'b':
                return ApplyBan(session, room, change, out normalized);
            case 'k':
                if (change.Adding)
                {
                    if (string.IsNullOrEmpty(change.Argument) || change.Argument.Contains(' ', StringComparison.Ordinal))
                    {
                        return HubResult.InvalidModeParameter;
                    }

                    if (room.Key is not null)
                    {
                        return room.Key == change.Argument ? HubResult.Unchanged : HubResult.KeyAlreadySet;
                    }

                    room.Key = change.Argument;
                    return HubResult.Ok;
                }

                if (room.Key is null)
                {
                    return HubResult.Unchanged;
                }

                // RFC 2812 shows "-k key"; servers announce the removal with "*" so the old key is not leaked.
                normalized = change with { Argument = "*" };
                room.Key = null;
                return HubResult.Ok;
            case 'l':
                if (change.Adding)
                {
                    if (!int.TryParse(change.Argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit <= 0)
                    {
                        return HubResult.InvalidModeParameter;
                    }

                    if (room.UserLimit == limit)
                    {
                        return HubResult.Unchanged;
                    }

                    room.UserLimit = limit;
                    normalized = change with { Argument = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    return HubResult.Ok;
                }

                normalized = change with { Argument = null };
                if (room.UserLimit is null)
                {
                    return HubResult.Unchanged;
                }

                room.UserLimit = null;
                return HubResult.Ok;
            default:
                var flag = Array.Find(FlagLetters, f => f.Letter == change.Mode).Flag;
                if (flag == RoomFlags.None)
                {
                    return HubResult.UnknownMode;
                }

                normalized = change with { Argument = null };
                if (room.Has(flag) == change.Adding)
                {
                    return HubResult.Unchanged;
                }

                room.Flags = change.Adding ? room.Flags | flag : room.Flags & ~flag;
                return HubResult.Ok;
        }
    }

    private HubResult ApplyStatus(Room room, ModeChange change, MemberStatus status, out ModeChange normalized)
    {
        normalized = change;
        if (string.IsNullOrEmpty(change.Argument))
        {
            return HubResult.InvalidModeParameter;
        }

        var target = FindUser(change.Argument);
        if (target is null)
        {
            return HubResult.NoSuchNick;
        }

        var membership = room.MembershipOf(target);
        if (membership is null)
        {
            return HubResult.TargetNotOnRoom;
        }

        normalized = change with { Argument = target.Who.Nick };
        var updated = change.Adding ? membership.Status | status : membership.Status & ~status;
        if (updated == membership.Status)
        {
            return HubResult.Unchanged;
        }

        membership.Status = updated;
        return HubResult.Ok;
    }

    private HubResult ApplyBan(Session session, Room room, ModeChange change, out ModeChange normalized)
    {
        normalized = change;
        if (string.IsNullOrEmpty(change.Argument) || change.Argument.Any(c => c is ' ' or ',' || char.IsControl(c)))
        {
            // A mask is one word: it must fit in a middle parameter of every door's rendering.
            return HubResult.InvalidModeParameter;
        }

        var mask = Wildcard.NormalizeBanMask(change.Argument);
        normalized = change with { Argument = mask };
        var existing = room.Bans.FindIndex(b => Casemapping.Fold(b.Mask) == Casemapping.Fold(mask));
        if (change.Adding)
        {
            if (existing >= 0)
            {
                return HubResult.Unchanged;
            }

            room.Bans.Add(new BanEntry(mask, session.Who.Prefix, Now));
            return HubResult.Ok;
        }

        if (existing < 0)
        {
            return HubResult.Unchanged;
        }

        room.Bans.RemoveAt(existing);
        return HubResult.Ok;
    }
}
