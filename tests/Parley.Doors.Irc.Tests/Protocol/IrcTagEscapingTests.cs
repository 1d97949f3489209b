using System.Text;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class IrcTagEscapingTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a;b", @"a\:b")]
    [InlineData("a b", @"a\sb")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a\rb\nc", @"a\rb\nc")]
    [InlineData("; \\\r\n", @"\:\s\\\r\n")]
    [InlineData("", "")]
    [InlineData("héllo wörld", @"héllo\swörld")]
    public void Escape_and_unescape(string raw, string escaped)
    {
        Assert.Equal(escaped, IrcTagEscaping.Escape(raw));
        Assert.Equal(raw, IrcTagEscaping.Unescape(escaped));
    }

    [Theory]
    [InlineData(@"trailing\", "trailing")]
    [InlineData(@"\", "")]
    [InlineData(@"a\b", "ab")]
    [InlineData(@"\x\y", "xy")]
    [InlineData(@"\\\", @"\")]
    [InlineData(@"\:\:", ";;")]
    public void Unescape_edge_cases(string escaped, string raw) => Assert.Equal(raw, IrcTagEscaping.Unescape(escaped));

    [Fact]
    public void Unescape_long_value_uses_the_pool_path()
    {
        var raw = string.Concat(Enumerable.Repeat("x y;", 500));
        Assert.Equal(raw, IrcTagEscaping.Unescape(Encoding.UTF8.GetBytes(IrcTagEscaping.Escape(raw))));
    }
}
