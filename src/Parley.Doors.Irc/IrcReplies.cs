using System.Buffers;
using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc;

/// <summary>
/// The lines one command produces for its own client, collected and then queued as one write. Collecting first is
/// what makes IRCv3 labeled-response possible: the label goes on the single reply, or a <c>labeled-response</c>
/// batch wraps several, or an ACK stands for none. Hub thread only.
/// </summary>
internal sealed class IrcReplies(string serverName)
{
    private readonly List<(byte[] Line, bool InBatch)> _lines = [];
    private int _batchCounter;

    public int Count => _lines.Count;

    public void Clear() => _lines.Clear();

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
        var buffer = new ArrayBufferWriter<byte>(128);
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
        _lines.Add((buffer.WrittenSpan.ToArray(), inBatch));
    }

    /// <summary>Bytes rendered elsewhere (a shared format), complete lines; <paramref name="inBatch"/> when they carry their own batch tag.</summary>
    public void AddRaw(ReadOnlyMemory<byte> lines, bool inBatch = false)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        // Split so that each line can take a label or batch tag of its own.
        var span = lines.Span;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var length = end < 0 ? span.Length : end + 1;
            _lines.Add((span[..length].ToArray(), inBatch));
            span = span[length..];
        }
    }

    /// <summary>A fresh batch reference for this connection (IRCv3 batch: unique among open batches).</summary>
    public string NewBatchId() => "b" + (++_batchCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The bytes to queue. IRCv3 labeled-response: one reply carries the label; several go in a
    /// <c>labeled-response</c> batch (when batch is negotiated); none gives <c>ACK</c>.
    /// </summary>
    public byte[] Build(string? label, bool canBatch)
    {
        var output = new ArrayBufferWriter<byte>(256);
        if (label is null)
        {
            foreach (var (line, _) in _lines)
            {
                output.Write(line);
            }
        }
        else if (_lines.Count == 0)
        {
            AddTagged([("label", label)], serverName, "ACK");
            output.Write(_lines[0].Line);
        }
        else if (_lines.Count == 1 || !canBatch)
        {
            output.Write(WithTag(_lines[0].Line, "label", label));
            for (var i = 1; i < _lines.Count; i++)
            {
                output.Write(_lines[i].Line);
            }
        }
        else
        {
            var id = NewBatchId();
            output.Write(Encoding.UTF8.GetBytes($"@label={IrcTagEscaping.Escape(label)} :{serverName} BATCH +{id} labeled-response\r\n"));
            foreach (var (line, inBatch) in _lines)
            {
                output.Write(inBatch ? line : WithTag(line, "batch", id));
            }

            output.Write(Encoding.UTF8.GetBytes($":{serverName} BATCH -{id}\r\n"));
        }

        return output.WrittenSpan.ToArray();
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

    /// <summary>Adds one tag to a rendered line: into its tag section, or as a new one.</summary>
    private static byte[] WithTag(byte[] line, string key, string value)
    {
        var tag = Encoding.UTF8.GetBytes(key + "=" + IrcTagEscaping.Escape(value));
        return line.Length > 0 && line[0] == (byte)'@'
            ? [(byte)'@', .. tag, (byte)';', .. line.AsSpan(1)]
            : [(byte)'@', .. tag, (byte)' ', .. line];
    }
}
