using Parley.Core.Names;
using Parley.Core.Sessions;

namespace Parley.Core.Hubs;

/// <summary>Channel modes that are flags (RFC 2812 §4.2, as modern servers keep them).</summary>
[Flags]
public enum RoomFlags
{
    None = 0,
    InviteOnly = 1 << 0,   // +i
    Moderated = 1 << 1,    // +m
    NoExternal = 1 << 2,   // +n
    TopicLocked = 1 << 3,  // +t
    Secret = 1 << 4,       // +s
}

/// <summary>
/// A room (IRC channel): created on first join, removed when the last member leaves.
/// Owned by the hub: read and written on the hub's thread only.
/// </summary>
public sealed class Room
{
    internal Room(string name, DateTimeOffset createdAt)
    {
        Name = name;
        FoldedName = Casemapping.Fold(name);
        CreatedAt = createdAt;
    }

    /// <summary>The name as first created (IRC form, with '#').</summary>
    public string Name { get; }
    public string FoldedName { get; }
    public DateTimeOffset CreatedAt { get; }

    internal Dictionary<Session, Membership> Members { get; } = new(ReferenceEqualityComparer.Instance);
    public int MemberCount => Members.Count;
    public IEnumerable<Membership> Memberships => Members.Values;

    public string? Topic { get; internal set; }
    public string? TopicSetBy { get; internal set; }
    public DateTimeOffset? TopicSetAt { get; internal set; }

    /// <summary>New rooms start +nt, as on most IRC servers: no messages from outside, topic set by operators.</summary>
    public RoomFlags Flags { get; internal set; } = RoomFlags.NoExternal | RoomFlags.TopicLocked;
    public string? Key { get; internal set; }
    public int? UserLimit { get; internal set; }
    internal List<BanEntry> Bans { get; } = [];
    public IReadOnlyList<BanEntry> BanList => Bans;
    internal HashSet<string> Invited { get; } = new(StringComparer.Ordinal);

    public bool Has(RoomFlags flag) => (Flags & flag) != 0;
    public Membership? MembershipOf(Session session) => Members.GetValueOrDefault(session);
    public bool IsSecret => Has(RoomFlags.Secret);

    /// <summary>The line protocol's name of the room (without '#').</summary>
    public string LineName => RoomNames.ToLineName(Name);
}

/// <summary>A ban mask (<c>nick!user@host</c> with * and ?) and who set it when (RPL_BANLIST).</summary>
public sealed record BanEntry(string Mask, string SetBy, DateTimeOffset SetAt);
