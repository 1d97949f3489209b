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
/// Every line is written straight into one buffer, and remembered by where it lies in it; without a label that
/// buffer is what gets queued, instead of a buffer and a copy for each line and a second copy to join them (a
/// registration's welcome, or a join with its names and history, is a few dozen lines).
/// </remarks>
internal sealed class IrcReplies(string serverName)
{
    private readonly List<(int Start, int Length, bool InBatch)> _lines = [];
    private ArrayBufferWriter<byte>? _bytes;
    private int _batchCounter;

    public int Count => _lines.Count;

    /// <summary>Forgets the lines collected so far.</summary>
    public void Clear()
    {
        _lines.Clear();
        _bytes?.ResetWrittenCount();
    }

    private ArrayBufferWriter<byte> Bytes => _bytes ??= new ArrayBufferWriter<byte>(512);

    private ReadOnlySpan<byte> Line(int index)
    {
        var (start, length, _) = _lines[index];
        return _bytes!.WrittenSpan.Slice(start, length);
    }

    /// <summary>A numeric to this client: <c>:server NNN nick params…</c>.</summary>
    /// <remarks>The last parameter is always written as trailing (':'), the form clients are used to for numerics.</remarks>
    public void Numeric(string nick, string code, params string[] parameters) =>
        AddLine(null, serverName, code, [nick, .. parameters], trailing: true);

    /// <summary>Any line; the last parameter gets ':' when it needs it.</summary>
    public void Add(string? source, string command, params string[] parameters) =>
        AddTagged(null, source, command, parameters);

    public void AddTagged(IReadOnlyList<(string Key, string Value)>? tags, string? source, string command, params string[] parameters) =>
        AddLine(tags, source, command, parameters, trailing: false);

    private void AddLine(IReadOnlyList<(string Key, string Value)>? tags, string? source, string command, string[] parameters, bool trailing)
    {
        var buffer = Bytes;
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
        _lines.Add((start, buffer.WrittenCount - start, inBatch));
    }

    /// <summary>Bytes rendered elsewhere (a shared format), complete lines; <paramref name="inBatch"/> when they carry their own batch tag.</summary>
    public void AddRaw(ReadOnlyMemory<byte> lines, bool inBatch = false)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        // Split so that each line can take a label or batch tag of its own.
        var buffer = Bytes;
        var start = buffer.WrittenCount;
        buffer.Write(lines.Span);
        var span = lines.Span;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var length = end < 0 ? span.Length : end + 1;
            _lines.Add((start, length, inBatch));
            start += length;
            span = span[length..];
        }
    }

    /// <summary>A fresh batch reference for this connection (IRCv3 batch: unique among open batches).</summary>
    public string NewBatchId() => "b" + (++_batchCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The bytes to queue. IRCv3 labeled-response: one reply carries the label; several go in a
    /// <c>labeled-response</c> batch (when batch is negotiated); none gives <c>ACK</c>. The lines are handed over:
    /// the next line added starts a new buffer.
    /// </summary>
    public ReadOnlyMemory<byte> Build(string? label, bool canBatch)
    {
        if (label is null)
        {
            var all = _bytes?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;
            Detach();
            return all;
        }

        if (_lines.Count == 0)
        {
            AddTagged([("label", label)], serverName, "ACK");
            var ack = _bytes!.WrittenMemory;
            Detach();
            return ack;
        }

        var output = new ArrayBufferWriter<byte>(_bytes!.WrittenCount + 64);
        if (_lines.Count == 1 || !canBatch)
        {
            WriteWithTag(output, Line(0), "label", label);
            output.Write(_bytes.WrittenSpan[_lines[0].Length..]);
        }
        else
        {
            var id = NewBatchId();
            output.Write(Encoding.UTF8.GetBytes($"@label={IrcTagEscaping.Escape(label)} :{serverName} BATCH +{id} labeled-response\r\n"));
            for (var i = 0; i < _lines.Count; i++)
            {
                if (_lines[i].InBatch)
                {
                    output.Write(Line(i));
                }
                else
                {
                    WriteWithTag(output, Line(i), "batch", id);
                }
            }

            output.Write(Encoding.UTF8.GetBytes($":{serverName} BATCH -{id}\r\n"));
        }

        Detach();
        return output.WrittenMemory;
    }

    /// <summary>Lets go of the collected lines without touching their bytes (they may be queued already).</summary>
    private void Detach()
    {
        _lines.Clear();
        _bytes = null;
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
