using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Hosting;

/// <summary>Memory settings (section <c>Parley:Memory</c>); documented in docs/configuration.md and docs/operations.md.</summary>
public sealed class MemoryOptions
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// Give memory back to the system once the server is at rest after a busy period (a connection storm, a burst of
    /// traffic): one full, compacting collection that also returns the collector's free space.
    /// </summary>
    public bool TrimWhenIdle { get; set; } = true;

    /// <summary>How often the server looks whether it is at rest and holds memory worth returning.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan TrimCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Work items (messages, commands) between two checks below which the server counts as at rest: by default
    /// 20 a second. A trim pauses every thread, so it waits until few are waiting for anything.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int QuietWorkItems { get; set; } = 100;

    /// <summary>
    /// The least memory worth a trim's pause: committed beyond what the heap holds, and allocated since the last trim
    /// (so a server at rest trims once, not at every check).
    /// </summary>
    [Range(MiB, long.MaxValue)]
    public long MinimumTrimBytes { get; set; } = 16 * MiB;
}
