using System.Buffers;
using System.Text.Unicode;

namespace Parley.Doors.Irc.Protocol;

/// <summary>
/// Writes one IRC line straight into an <see cref="IBufferWriter{T}"/> piece by piece, so a reply
/// is built without an <see cref="IrcMessage"/>, a string or a temporary buffer. Call in wire
/// order: <see cref="Tag(ReadOnlySpan{byte}, ReadOnlySpan{char})"/>*, <see cref="Source(ReadOnlySpan{char})"/>?,
/// <see cref="Command(ReadOnlySpan{byte})"/>, <see cref="Param(ReadOnlySpan{char})"/>*,
/// then <see cref="LastParam(ReadOnlySpan{char})"/> or <see cref="Trailing(ReadOnlySpan{char})"/>, and <see cref="Finish"/>.
/// </summary>
/// <remarks>
/// Text that would break framing is neutralised rather than rejected: NUL, CR and LF inside a
/// parameter become spaces (RFC 2812 §2.3.1 forbids them, and letting one through would let a
/// user inject a second line). Misuse by the caller (a middle parameter with a space, calls out
/// of order) throws, because it is a bug in the door and never depends on client input.
/// </remarks>
public ref struct IrcLineWriter
{
    private static readonly SearchValues<byte> Unsafe = SearchValues.Create([0, (byte)'\r', (byte)'\n']);

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;
    private int _committed;
    private State _state;

    public IrcLineWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan();
    }

    private enum State
    {
        Start,
        Tags,
        Source,
        Command,
        Trailing,
        Done,
    }

    /// <summary>Bytes written so far, including uncommitted ones.</summary>
    public readonly int Length => _committed + _buffered;

    /// <summary>Adds a tag; the value is escaped per IRCv3 message-tags, an empty value writes the key alone.</summary>
    public void Tag(scoped ReadOnlySpan<byte> key, scoped ReadOnlySpan<char> value)
    {
        BeginTag();
        WriteBytes(key);
        TagValue(value);
    }

    /// <summary>Adds a tag with a text key.</summary>
    public void Tag(scoped ReadOnlySpan<char> key, scoped ReadOnlySpan<char> value)
    {
        BeginTag();
        WriteText(key);
        TagValue(value);
    }

    /// <summary>Writes <c>:source </c>; pass bytes cached once per server or per user (nick!user@host).</summary>
    public void Source(ReadOnlySpan<byte> source)
    {
        BeginSource();
        WriteBytes(source);
        WriteByte((byte)' ');
    }

    /// <summary>Writes <c>:source </c> from text.</summary>
    public void Source(ReadOnlySpan<char> source)
    {
        BeginSource();
        WriteText(source);
        WriteByte((byte)' ');
    }

    /// <summary>Writes <c>:nick!user@host </c> from its parts (a stored message's sender), without joining them first.</summary>
    public void Source(ReadOnlySpan<char> nick, ReadOnlySpan<char> user, ReadOnlySpan<char> host)
    {
        BeginSource();
        WriteText(nick);
        WriteByte((byte)'!');
        WriteText(user);
        WriteByte((byte)'@');
        WriteText(host);
        WriteByte((byte)' ');
    }

    /// <summary>Writes the command, e.g. <see cref="IrcTokens.Privmsg"/>.</summary>
    public void Command(ReadOnlySpan<byte> command)
    {
        BeginCommand();
        WriteBytes(command);
    }

    /// <summary>Writes the command or numeric from text, e.g. <see cref="Numerics.RPL_WELCOME"/>.</summary>
    public void Command(ReadOnlySpan<char> command)
    {
        BeginCommand();
        WriteText(command);
    }

    /// <summary>A middle parameter: non-empty, no space, not starting with ':'.</summary>
    public void Param(ReadOnlySpan<char> value)
    {
        Expect(IsMiddle(value), "a middle parameter must be non-empty, without spaces, not starting with ':'");
        BeginParam();
        WriteText(value);
    }

    /// <summary>A middle parameter given as UTF-8 bytes (e.g. a cached nick or channel name).</summary>
    public void Param(ReadOnlySpan<byte> value)
    {
        Expect(!value.IsEmpty && value[0] != (byte)':' && !value.Contains((byte)' '), "invalid middle parameter");
        BeginParam();
        WriteBytes(value);
    }

    /// <summary>
    /// The last parameter, with ':' only when the grammar needs it: Modern IRC, "the last parameter
    /// ... MUST be prefixed with ':' if it is empty, contains a space, or starts with ':'".
    /// </summary>
    public void LastParam(ReadOnlySpan<char> value)
    {
        if (IsMiddle(value))
        {
            Param(value);
        }
        else
        {
            Trailing(value);
        }
    }

    /// <summary>The last parameter, always with ':' (the usual form for human-readable text).</summary>
    public void Trailing(ReadOnlySpan<char> value)
    {
        BeginParam();
        _state = State.Trailing;
        WriteByte((byte)':');
        WriteText(value);
    }

    /// <summary>The last parameter from UTF-8 bytes, always with ':' (rendered once, shared by recipients).</summary>
    public void Trailing(ReadOnlySpan<byte> value)
    {
        BeginParam();
        _state = State.Trailing;
        WriteByte((byte)':');
        var start = _buffered;
        WriteBytes(value);
        if (value.ContainsAny(Unsafe))
        {
            Neutralise(start);
        }
    }

    /// <summary>Ends the line with CRLF and commits it to the output; returns the line's length in bytes.</summary>
    public int Finish()
    {
        Expect(_state is State.Command or State.Trailing, "a line needs a command");
        WriteBytes(IrcTokens.CrLf);
        _state = State.Done;
        _output.Advance(_buffered);
        _committed += _buffered;
        _buffered = 0;
        _span = default;
        return _committed;
    }

    internal static bool IsMiddle(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value[0] != ':' && !value.Contains(' ');

    private void BeginTag()
    {
        Expect(_state is State.Start or State.Tags, "tags come first");
        WriteByte(_state == State.Start ? (byte)'@' : (byte)';');
        _state = State.Tags;
    }

    private void TagValue(scoped ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        WriteByte((byte)'=');
        while (!value.IsEmpty)
        {
            var special = value.IndexOfAny(IrcTagEscaping.SpecialChars);
            WriteText(special < 0 ? value : value[..special]);
            if (special < 0)
            {
                break;
            }

            WriteByte((byte)'\\');
            WriteByte(IrcTagEscaping.EscapeCode(value[special]));
            value = value[(special + 1)..];
        }
    }

    private void BeginSource()
    {
        Expect(_state is State.Start or State.Tags, "the source comes before the command");
        EndTags();
        WriteByte((byte)':');
        _state = State.Source;
    }

    private void BeginCommand()
    {
        Expect(_state is State.Start or State.Tags or State.Source, "one command, before parameters");
        EndTags();
        _state = State.Command;
    }

    private void BeginParam()
    {
        Expect(_state == State.Command, "parameters follow the command; nothing follows the trailing one");
        WriteByte((byte)' ');
    }

    private void EndTags()
    {
        if (_state == State.Tags)
        {
            WriteByte((byte)' ');
        }
    }

    private static void Expect(bool condition, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException("IRC line written out of order or malformed: " + rule + ".");
        }
    }

    private void WriteByte(byte b)
    {
        if (_buffered == _span.Length)
        {
            Grow(1);
        }

        _span[_buffered++] = b;
    }

    private void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        if (_span.Length - _buffered < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_span[_buffered..]);
        _buffered += bytes.Length;
    }

    /// <summary>Encodes UTF-16 to UTF-8 in chunks, so huge text never asks the output for a huge span.</summary>
    private void WriteText(scoped ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (_span.Length - _buffered < 4)
            {
                Grow(Math.Min(text.Length * 3, 4096));
            }

            var start = _buffered;
            var status = Utf8.FromUtf16(text, _span[_buffered..], out var read, out var written);
            _buffered += written;
            if (_span[start.._buffered].ContainsAny(Unsafe))
            {
                Neutralise(start);
            }

            text = text[read..];
            if (status == OperationStatus.DestinationTooSmall)
            {
                Grow(Math.Min(text.Length * 3, 4096));
            }
        }
    }

    private readonly void Neutralise(int start)
    {
        var written = _span[start.._buffered];
        int i;
        while ((i = written.IndexOfAny(Unsafe)) >= 0)
        {
            written[i] = (byte)' ';
            written = written[(i + 1)..];
        }
    }

    private void Grow(int atLeast)
    {
        _output.Advance(_buffered);
        _committed += _buffered;
        _buffered = 0;
        _span = _output.GetSpan(Math.Max(atLeast, 4));
    }
}
