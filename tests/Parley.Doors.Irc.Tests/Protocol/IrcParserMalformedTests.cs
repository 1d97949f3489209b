using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class IrcParserMalformedTests
{
    private static IrcParseError Error(byte[] line) => IrcParser.Parse(line, null, out _);

    private static IrcParseError Error(string line) => Error(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r")]
    public void Empty_lines(string line) => Assert.Equal(IrcParseError.EmptyLine, Error(line));

    [Theory]
    [InlineData(":")]
    [InlineData(":nick")]
    [InlineData(":nick!u@h ")]
    [InlineData("@a=b")]
    [InlineData("@a=b ")]
    [InlineData("@a=b :nick")]
    [InlineData("@a=b :nick ")]
    public void No_command(string line) => Assert.Equal(IrcParseError.NoCommand, Error(line));

    [Theory]
    [InlineData(": PING")]
    [InlineData("@a :  PING")]
    public void Empty_source(string line) => Assert.Equal(IrcParseError.MalformedSource, Error(line));

    [Theory]
    [InlineData("PRIV-MSG x")]
    [InlineData("12 x")]
    [InlineData("1234 x")]
    [InlineData("12a x")]
    [InlineData("P1NG x")]
    [InlineData("ПРИВЕТ x")]
    public void Invalid_command(string line) => Assert.Equal(IrcParseError.InvalidCommand, Error(line));

    [Theory]
    [InlineData("@=v PING")]
    [InlineData("@+ PING")]
    [InlineData("@k!y=v PING")]
    [InlineData("@ké=v PING")]
    public void Malformed_tag_keys(string line) =>
        Assert.Equal(IrcParseError.MalformedTags, Error(line));

    [Theory]
    [InlineData("PRIVMSG #a :he\0llo")]
    [InlineData("\0")]
    [InlineData("PRIVMSG #a :cr\rinside")]
    public void Nul_and_inner_cr_are_forbidden(string line) =>
        Assert.Equal(IrcParseError.ForbiddenCharacter, Error(line));

    [Fact]
    public void Body_of_511_bytes_is_too_long()
    {
        var line = "PRIVMSG #a :" + new string('x', 511 - 12);
        Assert.Equal(IrcParseError.LineTooLong, Error(line));
    }

    [Fact]
    public void Body_limit_is_counted_after_the_tags()
    {
        var tags = "@a=" + new string('v', 4000) + " ";
        var body = "PRIVMSG #a :" + new string('x', 511 - 12);
        Assert.Equal(IrcParseError.LineTooLong, Error(tags + body));
        Assert.Equal(IrcParseError.None, Error(tags + body[..^1]));
    }

    [Fact]
    public void Tag_section_of_8192_bytes_is_too_long()
    {
        var tags = "@a=" + new string('v', 8192 - 4) + " ";
        Assert.Equal(IrcParseError.TagsTooLong, Error(tags + "PING x"));
        Assert.Equal(IrcParseError.TagsTooLong, Error(tags.TrimEnd()));
    }

    [Fact]
    public void Latin1_is_reported_as_invalid_utf8_with_the_command_still_known()
    {
        // "café" in latin-1: 0xE9 alone is not UTF-8.
        var line = Encoding.Latin1.GetBytes("PRIVMSG #a :café");
        var error = IrcParser.Parse(line, null, out var message);
        Assert.Equal(IrcParseError.InvalidUtf8, error);
        Assert.NotNull(message);
        Assert.Equal("PRIVMSG", message.Command);
        Assert.Equal("caf\uFFFD", message.Parameters[1]);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })] // truncated sequence
    public void Invalid_utf8_sequences(byte[] bad)
    {
        var line = "PRIVMSG #a :x"u8.ToArray().Concat(bad).ToArray();
        Assert.Equal(IrcParseError.InvalidUtf8, Error(line));
    }

    [Fact]
    public void Invalid_utf8_in_a_tag_value_is_reported()
    {
        var line = "@a="u8.ToArray().Concat(new byte[] { 0xFF }).Concat(" PING x"u8.ToArray()).ToArray();
        Assert.Equal(IrcParseError.InvalidUtf8, Error(line));
    }

    [Fact]
    public void Binary_garbage_gives_an_error_not_an_exception()
    {
        var random = new Random(1459);
        var bytes = new byte[600];
        for (var i = 0; i < 1000; i++)
        {
            var length = random.Next(bytes.Length);
            random.NextBytes(bytes.AsSpan(0, length));
            var error = IrcParser.Parse(bytes.AsSpan(0, length), null, out var message);
            Assert.True(error != IrcParseError.None || message is not null);
        }
    }
}
