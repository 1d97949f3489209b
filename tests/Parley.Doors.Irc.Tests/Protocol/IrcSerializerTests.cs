using System.Buffers;
using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class IrcSerializerTests
{
    private static string Wire(IrcMessage message) => Encoding.UTF8.GetString(IrcSerializer.ToBytes(message));

    [Fact]
    public void Command_and_middles()
    {
        Assert.Equal("NICK alice\r\n", Wire(new IrcMessage("NICK", "alice")));
        Assert.Equal("QUIT\r\n", Wire(new IrcMessage("QUIT")));
    }

    [Theory]
    [InlineData("hello", "PRIVMSG #a hello\r\n")]
    [InlineData("hello world", "PRIVMSG #a :hello world\r\n")]
    [InlineData(":)", "PRIVMSG #a ::)\r\n")]
    [InlineData("", "PRIVMSG #a :\r\n")]
    [InlineData("a:b", "PRIVMSG #a a:b\r\n")]
    public void Last_parameter_gets_a_colon_only_when_needed(string last, string wire) =>
        Assert.Equal(wire, Wire(new IrcMessage("PRIVMSG", "#a", last)));

    [Fact]
    public void Tags_and_source()
    {
        var m = new IrcMessage(
            [new IrcTag("time", "2024-01-01T00:00:00.000Z"), new IrcTag("+draft/x", "a b;c"), new IrcTag("flag", "")],
            "nick!user@host",
            "PRIVMSG",
            ["#a", "hi there"]);
        Assert.Equal(@"@time=2024-01-01T00:00:00.000Z;+draft/x=a\sb\:c;flag :nick!user@host PRIVMSG #a :hi there" + "\r\n", Wire(m));
    }

    [Fact]
    public void To_string_is_the_wire_form_without_crlf() =>
        Assert.Equal(":s 001 a :Welcome here", new IrcMessage([], "s", "001", ["a", "Welcome here"]).ToString());

    [Fact]
    public void Line_breaks_and_nul_in_text_cannot_inject_a_second_line()
    {
        var wire = Wire(new IrcMessage("PRIVMSG", "#a", "hi\r\nQUIT :pwned\0"));
        Assert.Equal("PRIVMSG #a :hi  QUIT :pwned \r\n", wire);
    }

    [Fact]
    public void Line_writer_builds_a_numeric_from_cached_bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        var serverSource = "irc.parley.test"u8;
        var line = new IrcLineWriter(output);
        line.Source(serverSource);
        line.Command(Numerics.RPL_WELCOME);
        line.Param("alice"u8);
        line.Trailing("Welcome to Parley, alice");
        var length = line.Finish();
        Assert.Equal(":irc.parley.test 001 alice :Welcome to Parley, alice\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(output.WrittenCount, length);
    }

    [Fact]
    public void Line_writer_with_tags_and_tokens()
    {
        var output = new ArrayBufferWriter<byte>();
        var line = new IrcLineWriter(output);
        line.Tag(IrcTokens.TagMsgId, "abc");
        line.Tag(IrcTokens.TagTime, "2024-01-01T00:00:00.000Z");
        line.Source("n!u@h");
        line.Command(IrcTokens.Privmsg);
        line.Param("#a");
        line.LastParam("hi");
        line.Finish();
        Assert.Equal("@msgid=abc;time=2024-01-01T00:00:00.000Z :n!u@h PRIVMSG #a hi\r\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Line_writer_rejects_misuse()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidOperationException>(() =>
        {
            var line = new IrcLineWriter(output);
            line.Command(IrcTokens.Privmsg);
            line.Param("has space");
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var line = new IrcLineWriter(output);
            line.Finish();
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var line = new IrcLineWriter(output);
            line.Command(IrcTokens.Ping);
            line.Trailing("x");
            line.Param("y");
        });
    }

    [Fact]
    public void Writes_into_small_segments()
    {
        // A writer that hands out tiny spans exercises the chunked UTF-8 path.
        var output = new TinyWriter();
        var text = string.Concat(Enumerable.Repeat("héllo ☃ 🎉 ", 40));
        IrcSerializer.Write(output, new IrcMessage([new IrcTag("k", text)], "src", "PRIVMSG", ["#a", text]));
        var error = IrcParser.Parse(output.Written.ToArray().AsSpan()[..^2], new IrcLimits { MaxBodyBytes = 4000 }, out var parsed);
        Assert.Equal(IrcParseError.None, error);
        Assert.Equal(text, parsed!.Parameters[1]);
        Assert.Equal(text, parsed.Tags[0].Value);
    }

    private sealed class TinyWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public ReadOnlyMemory<byte> Written => _inner.WrittenMemory;

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(Math.Max(sizeHint, 1))[..Math.Max(sizeHint, 5)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
