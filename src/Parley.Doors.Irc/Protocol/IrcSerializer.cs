using System.Buffers;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Renders whole <see cref="IrcMessage"/>s. For fan-out, render once with <see cref="ToBytes"/> (or
/// into a pooled writer) and give every recipient's Outbox the same bytes: no per-recipient work.
/// </summary>
public static class IrcSerializer
{
    /// <summary>Writes the message and its CRLF; returns the number of bytes written.</summary>
    public static int Write(IBufferWriter<byte> output, IrcMessage message)
    {
        var line = new IrcLineWriter(output);
        foreach (var tag in message.Tags)
        {
            line.Tag(tag.Key, tag.Value);
        }

        if (message.Source is { } source)
        {
            line.Source(source);
        }

        line.Command(message.Command);
        var parameters = message.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i == parameters.Count - 1)
            {
                line.LastParam(parameters[i]);
            }
            else
            {
                line.Param(parameters[i]);
            }
        }

        return line.Finish();
    }

    /// <summary>The message as one shareable array, CRLF included.</summary>
    public static byte[] ToBytes(IrcMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }
}
