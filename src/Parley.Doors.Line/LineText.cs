using System.Text;

namespace Parley.Doors.Line;

/// <summary>
/// The visible prefixes of the line protocol (docs/line-protocol.md): what a person reading raw lines in
/// <c>nc</c> needs to tell chat from the server's words.
/// </summary>
public static class LineText
{
    /// <summary>A notice from the server (joins, parts, command results).</summary>
    public const string Notice = "*** ";

    /// <summary>An error answering the user's last line; the connection stays open.</summary>
    public const string Error = "!!! ";

    /// <summary>A replayed message from history.</summary>
    public const string History = "[history ";

    public static byte[] Encode(string line)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(line) + 1];
        Encoding.UTF8.GetBytes(line, bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    public static byte[] EncodeLines(IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
