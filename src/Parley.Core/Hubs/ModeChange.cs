namespace Parley.Core.Hubs;

/// <summary>One typed channel mode change: <c>+o alice</c> is ('o', true, "alice"). Doors parse, the hub applies.</summary>
public readonly record struct ModeChange(char Mode, bool Adding, string? Argument)
{
    /// <summary>The change as mode string and argument, e.g. <c>+o</c>.</summary>
    public override string ToString() => (Adding ? "+" : "-") + Mode + (Argument is null ? "" : " " + Argument);
}

/// <summary>A change the hub refused, with why.</summary>
public readonly record struct ModeRefusal(ModeChange Change, HubResult Reason);

/// <summary>What <see cref="Hub.ChangeRoomModes"/> did: the changes applied (announced as one ModeEvent) and the refused ones.</summary>
public sealed record ModeOutcome(HubResult Result, Room? Room, IReadOnlyList<ModeChange> Applied, IReadOnlyList<ModeRefusal> Refused);
