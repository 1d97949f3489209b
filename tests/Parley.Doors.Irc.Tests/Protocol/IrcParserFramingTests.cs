using System.Buffers;
using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

/// <summary>The stateless span framing, <see cref="IrcParser.TryParseLine"/>.</summary>
public class IrcParserFramingTests
{
    [Fact]
    public void Consumes_one_line_at_a_time()
    {
        var buffer = "\r\n\nNICK a\r\nPING x\nPART"u8;
        Assert.Equal(OperationStatus.Done, IrcParser.TryParseLine(buffer, null, out var consumed, out var m, out _, out _));
        Assert.Equal("NICK", m!.Command);
        Assert.Equal(11, consumed); // the two empty lines went with it
        buffer = buffer[consumed..];
        Assert.Equal(OperationStatus.Done, IrcParser.TryParseLine(buffer, null, out consumed, out m, out _, out _));
        Assert.Equal("PING", m!.Command);
        buffer = buffer[consumed..];
        Assert.Equal(OperationStatus.NeedMoreData, IrcParser.TryParseLine(buffer, null, out consumed, out _, out _, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Invalid_line_is_consumed_with_its_newline()
    {
        var buffer = ":\r\nPING x\r\n"u8;
        Assert.Equal(OperationStatus.InvalidData, IrcParser.TryParseLine(buffer, null, out var consumed, out _, out var error, out var discard));
        Assert.Equal(IrcParseError.NoCommand, error);
        Assert.Equal(3, consumed);
        Assert.False(discard);
    }

    [Theory]
    [InlineData(511, false)]
    [InlineData(512, true)]
    public void Unterminated_plain_line_is_too_long_past_510_plus_cr(int length, bool tooLong)
    {
        var buffer = Encoding.UTF8.GetBytes("PRIVMSG #a :" + new string('x', length - 12));
        var status = IrcParser.TryParseLine(buffer, null, out var consumed, out _, out var error, out var discard);
        Assert.Equal(tooLong ? OperationStatus.InvalidData : OperationStatus.NeedMoreData, status);
        Assert.Equal(tooLong ? IrcParseError.LineTooLong : IrcParseError.None, error);
        Assert.Equal(tooLong ? length : 0, consumed);
        Assert.Equal(tooLong, discard);
    }

    [Fact]
    public void Unterminated_tag_section_is_too_long_at_the_limit()
    {
        var buffer = Encoding.UTF8.GetBytes("@a=" + new string('v', 8188));
        Assert.Equal(8191, buffer.Length);
        Assert.Equal(OperationStatus.InvalidData, IrcParser.TryParseLine(buffer, null, out _, out _, out var error, out _));
        Assert.Equal(IrcParseError.TagsTooLong, error);
        Assert.Equal(OperationStatus.NeedMoreData, IrcParser.TryParseLine(buffer.AsSpan()[..^1], null, out _, out _, out _, out _));
    }
}
