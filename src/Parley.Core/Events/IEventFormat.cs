namespace Parley.Core.Events;

/// <summary>
/// One wire rendering of hub events: a door's format, possibly specialised (an IRC capability set, the line
/// protocol's current room or not). Instances are shared by all sessions that render alike, so that fan-out
/// renders each event once per instance (invariant 6).
/// </summary>
public interface IEventFormat
{
    /// <summary>The bytes of the event in this format, complete lines included; empty when this format does not show it.</summary>
    ReadOnlyMemory<byte> Render(HubEvent hubEvent);
}
