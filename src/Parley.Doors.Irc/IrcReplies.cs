using System.Buffers;
using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>
/// The lines one command produces for its own client, collected and then queued as one write. Collecting first is
/// what makes IRCv3 labeled-response possible: the label goes on the single reply, or a <c>labeled-response</c>
/// batch wraps several, or an ACK stands for none. Hub thread only.
/// </summary>
/// <remarks>
/// Every line is written straight into one buffer (this thread's <see cref="ReplyBuffer"/>, reused from command to
/// command), and remembered by where it lies in it; without a label the reply is one exact copy of that buffer,
/// instead of a buffer and a copy for each line and a second copy to join them (a registration's welcome, or a join
/// with its names and history, is a few dozen lines).
/// </remarks>
internal sealed class IrcReplies(string serverName)
{
    private ReplyBuffer? _buffer;
    private string _serverName = serverName;
    private int _batchCounter;

    /// <summary>Starts collecting for another command (a reused context); the previous one's lines were built or released.</summary>
    public void Reuse(string serverName)
    {
        Release();
        _serverName = serverName;
    }

    public int Count => _buffer?.Lines.Count ?? 0;

    /// <summary>Forgets the lines collected so far.</summary>
    public void Clear() => _buffer?.Clear();

    private ReplyBuffer Buffer => _buffer ??= ReplyBuffer.Rent();

    private List<(int Start, int Length, bool InBatch)> Lines => Buffer.Lines;

    /// <summary>Where complete lines written to <see cref="Writer"/> go; pass what <see cref="Position"/> was before
    /// them to <see cref="AddWritten"/>.</summary>
    public IBufferWriter<byte> Writer => Buffer.Bytes;

    public int Position => Buffer.Bytes.WrittenCount;

    private ReadOnlySpan<byte> Line(int index)
    {
        var (start, length, _) = Lines[index];
        return Buffer.Bytes.WrittenSpan.Slice(start, length);
    }

    /// <summary>A numeric to this client: <c>:server NNN nick params…</c>.</summary>
    /// <remarks>The last parameter is always written as trailing (':'), the form clients are used to for numerics.</remarks>
    public void Numeric(string nick, string code, params string[] parameters) =>
        AddLine(null, _serverName, code, [nick, .. parameters], trailing: true);

    /// <summary>Any line; the last parameter gets ':' when it needs it.</summary>
    public void Add(string? source, string command, params string[] parameters) =>
        AddTagged(null, source, command, parameters);

    public void AddTagged(IReadOnlyList<(string Key, string Value)>? tags, string? source, string command, params string[] parameters) =>
        AddLine(tags, source, command, parameters, trailing: false);

    private void AddLine(IReadOnlyList<(string Key, string Value)>? tags, string? source, string command, string[] parameters, bool trailing)
    {
        var buffer = Buffer.Bytes;
        var start = buffer.WrittenCount;
        var line = new IrcLineWriter(buffer);
        var inBatch = false;
        foreach (var (key, value) in tags ?? [])
        {
            line.Tag(key, value);
            inBatch |= key == "batch";
        }

        if (source is not null)
        {
            line.Source(source);
        }

        line.Command(command);
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i == parameters.Length - 1 && (trailing || !IrcLineWriter.IsMiddle(parameters[i])))
            {
                line.Trailing(parameters[i]);
            }
            else
            {
                line.Param(AsMiddle(parameters[i]));
            }
        }

        line.Finish();
        Lines.Add((start, buffer.WrittenCount - start, inBatch));
    }

    /// <summary>Bytes rendered elsewhere (a shared format), complete lines; <paramref name="inBatch"/> when they carry their own batch tag.</summary>
    public void AddRaw(ReadOnlyMemory<byte> lines, bool inBatch = false)
    {
        var from = Position;
        Writer.Write(lines.Span);
        AddWritten(from, inBatch);
    }

    /// <summary>Takes the complete lines written to <see cref="Writer"/> since <paramref name="from"/> as replies.</summary>
    public void AddWritten(int from, bool inBatch = false)
    {
        // Split so that each line can take a label or batch tag of its own.
        var span = Buffer.Bytes.WrittenSpan[from..];
        var start = from;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var length = end < 0 ? span.Length : end + 1;
            Lines.Add((start, length, inBatch));
            start += length;
            span = span[length..];
        }
    }

    /// <summary>A fresh batch reference for this connection (IRCv3 batch: unique among open batches).</summary>
    public string NewBatchId() => "b" + (++_batchCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The bytes to queue. IRCv3 labeled-response: one reply carries the label; several go in a
    /// <c>labeled-response</c> batch (when batch is negotiated); none gives <c>ACK</c>. The lines are copied out and
    /// the buffer goes back to the thread for the next command.
    /// </summary>
    public ReadOnlyMemory<byte> Build(string? label, bool canBatch)
    {
        if (label is null)
        {
            var all = Count == 0 ? ReadOnlyMemory<byte>.Empty : Buffer.Bytes.WrittenSpan.ToArray();
            Release();
            return all;
        }

        if (Count == 0)
        {
            AddTagged([("label", label)], _serverName, "ACK");
            var ack = Buffer.Bytes.WrittenSpan.ToArray();
            Release();
            return ack;
        }

        var bytes = Buffer.Bytes;
        var output = new ArrayBufferWriter<byte>(bytes.WrittenCount + 64);
        if (Count == 1 || !canBatch)
        {
            WriteWithTag(output, Line(0), "label", label);
            output.Write(bytes.WrittenSpan[Lines[0].Length..]);
        }
        else
        {
            var id = NewBatchId();
            output.Write(Encoding.UTF8.GetBytes($"@label={IrcTagEscaping.Escape(label)} :{_serverName} BATCH +{id} labeled-response\r\n"));
            for (var i = 0; i < Count; i++)
            {
                if (Lines[i].InBatch)
                {
                    output.Write(Line(i));
                }
                else
                {
                    WriteWithTag(output, Line(i), "batch", id);
                }
            }

            output.Write(Encoding.UTF8.GetBytes($":{_serverName} BATCH -{id}\r\n"));
        }

        Release();
        return output.WrittenMemory;
    }

    /// <summary>Gives the buffer back when the replies are not sent at all (the command deferred them).</summary>
    public void Release()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ReplyBuffer.Return(buffer);
        }
    }

    /// <summary>
    /// Replies echo what the client typed (a channel name, a nick); a trailing parameter may hold spaces that a middle
    /// one cannot, so they are replaced rather than letting the writer refuse the line (bad input never breaks a reply).
    /// </summary>
    private static string AsMiddle(string value)
    {
        if (IrcLineWriter.IsMiddle(value))
        {
            return value;
        }

        var cleaned = value.Replace(' ', '_').TrimStart(':');
        return cleaned.Length == 0 ? "*" : cleaned;
    }

    /// <summary>Writes a rendered line with one more tag: into its tag section, or as a new one.</summary>
    private static void WriteWithTag(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> line, string key, string value)
    {
        var tag = Encoding.UTF8.GetBytes(key + "=" + IrcTagEscaping.Escape(value));
        output.Write("@"u8);
        output.Write(tag);
        if (line.Length > 0 && line[0] == (byte)'@')
        {
            output.Write(";"u8);
            output.Write(line[1..]);
        }
        else
        {
            output.Write(" "u8);
            output.Write(line);
        }
    }
}
