using System.ComponentModel.DataAnnotations;

namespace Parley.Doors.Line;

/// <summary>Settings of the line door (section <c>Parley:Line</c>); defaults documented in docs/configuration.md.</summary>
public sealed class LineOptions
{
    /// <summary>TCP port of the line protocol; the lab's <c>chat_serveur</c> used 5015.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5015;

    /// <summary>
    /// Longest accepted line in bytes, newline excluded. A longer line is refused with an error and skipped up to its
    /// newline; the connection stays usable. 4096 leaves room for a long paragraph while capping what one line costs.
    /// </summary>
    [Range(64, 1 << 20)]
    public int MaxLineBytes { get; set; } = 4096;
}
