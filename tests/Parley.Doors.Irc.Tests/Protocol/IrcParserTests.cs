using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class IrcParserTests
{
    private static IrcMessage Parse(string line)
    {
        var error = IrcParser.Parse(line, out var message);
        Assert.Equal(IrcParseError.None, error);
        Assert.NotNull(message);
        return message;
    }

    [Fact]
    public void Command_only()
    {
        var m = Parse("QUIT");
        Assert.Equal("QUIT", m.Command);
        Assert.Empty(m.Parameters);
        Assert.Empty(m.Tags);
        Assert.Null(m.Source);
    }

    [Theory]
    [InlineData("privmsg #a :hi", "PRIVMSG")]
    [InlineData("PrivMsg #a :hi", "PRIVMSG")]
    [InlineData("foo x", "FOO")]
    public void Command_is_upper_cased(string line, string command) => Assert.Equal(command, Parse(line).Command);

    [Fact]
    public void Known_commands_are_interned() =>
        Assert.Same(IrcCommands.Privmsg, Parse("privmsg #a b").Command);

    [Fact]
    public void Numeric_command()
    {
        var m = Parse(":irc.example.net 001 alice :Welcome to Parley, alice");
        Assert.Equal(Numerics.RPL_WELCOME, m.Command);
        Assert.Equal("irc.example.net", m.Source);
        Assert.Equal(["alice", "Welcome to Parley, alice"], m.Parameters);
    }

    [Fact]
    public void Source_in_nick_user_host_form()
    {
        var m = Parse(":alice!ali@host.example PRIVMSG #chan :hello");
        Assert.Equal("alice!ali@host.example", m.Source);
        var source = IrcSource.Parse(m.Source!);
        Assert.Equal("alice", source.Nick);
        Assert.Equal("ali", source.User);
        Assert.Equal("host.example", source.Host);
    }

    [Theory]
    [InlineData("irc.example.net", "irc.example.net", null, null)]
    [InlineData("nick", "nick", null, null)]
    [InlineData("nick@host", "nick", null, "host")]
    [InlineData("nick!user@host", "nick", "user", "host")]
    public void Source_forms(string text, string nick, string? user, string? host)
    {
        var source = IrcSource.Parse(text);
        Assert.Equal((nick, user, host), (source.Nick, source.User, source.Host));
    }

    [Fact]
    public void Trailing_keeps_spaces_and_colons()
    {
        var m = Parse("PRIVMSG #a :  hello :) there  ");
        Assert.Equal(["#a", "  hello :) there  "], m.Parameters);
    }

    [Fact]
    public void Empty_trailing_is_a_parameter()
    {
        var m = Parse("TOPIC #a :");
        Assert.Equal(["#a", ""], m.Parameters);
    }

    [Fact]
    public void Trailing_of_only_a_colon()
    {
        var m = Parse("PRIVMSG #a ::");
        Assert.Equal(["#a", ":"], m.Parameters);
    }

    [Fact]
    public void Middle_parameters_may_contain_colons_after_the_first_byte()
    {
        var m = Parse("MODE #a +k a:b");
        Assert.Equal(["#a", "+k", "a:b"], m.Parameters);
    }

    [Fact]
    public void Several_spaces_between_parameters_are_one_separator()
    {
        var m = Parse("USER  guest   0 *  :Real Name");
        Assert.Equal(["guest", "0", "*", "Real Name"], m.Parameters);
    }

    [Fact]
    public void Trailing_spaces_after_middles_are_ignored() =>
        Assert.Equal(["alice"], Parse("NICK alice   ").Parameters);

    [Fact]
    public void Fifteenth_parameter_takes_the_rest()
    {
        var m = Parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17");
        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("14", m.Parameters[13]);
        Assert.Equal("15 16 17", m.Parameters[14]);
    }

    [Fact]
    public void Fifteenth_parameter_drops_an_optional_colon()
    {
        var m = Parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 16");
        Assert.Equal(15, m.Parameters.Count);
        Assert.Equal("15 16", m.Parameters[14]);
    }

    [Fact]
    public void Exactly_fifteen_middles()
    {
        var m = Parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15");
        Assert.Equal(Enumerable.Range(1, 15).Select(i => i.ToString()), m.Parameters);
    }

    [Fact]
    public void Tags_with_values_without_values_client_and_vendor()
    {
        var m = Parse("@time=2024-01-01T00:00:00.000Z;+draft/reply=abc;example.com/flag;empty= :n!u@h TAGMSG #a");
        Assert.Equal(
            [
                new IrcTag("time", "2024-01-01T00:00:00.000Z"),
                new IrcTag("+draft/reply", "abc"),
                new IrcTag("example.com/flag", ""),
                new IrcTag("empty", ""),
            ],
            m.Tags);
        Assert.True(m.Tags[1].IsClientOnly);
        Assert.Equal("n!u@h", m.Source);
        Assert.Equal("TAGMSG", m.Command);
    }

    [Fact]
    public void Tag_values_are_unescaped()
    {
        var m = Parse(@"@a=semi\:space\sback\\cr\rlf\n;b=unknown\x;c=trailing\ PING x");
        Assert.True(m.TryGetTag("a", out var a));
        Assert.Equal("semi;space back\\cr\rlf\n", a);
        Assert.True(m.TryGetTag("b", out var b));
        Assert.Equal("unknownx", b);
        Assert.True(m.TryGetTag("c", out var c));
        Assert.Equal("trailing", c);
    }

    [Fact]
    public void Repeated_tag_last_wins()
    {
        var m = Parse("@a=1;a=2 PING x");
        Assert.True(m.TryGetTag("a", out var value));
        Assert.Equal("2", value);
        Assert.False(m.TryGetTag("b", out _));
    }

    [Fact]
    public void Empty_tag_items_are_tolerated() =>
        Assert.Equal(["a", "b"], Parse("@a;;b; PING x").Tags.Select(t => t.Key));

    [Fact]
    public void Utf8_text_round_trips() =>
        Assert.Equal("héllo wörld ☃ 🎉", Parse("PRIVMSG #a :héllo wörld ☃ 🎉").Parameters[1]);

    [Fact]
    public void Crlf_and_lone_cr_before_lf_are_stripped()
    {
        var error = IrcParser.Parse("PING x\r"u8, null, out var m);
        Assert.Equal(IrcParseError.None, error);
        Assert.Equal(["x"], m!.Parameters);
    }

    [Fact]
    public void Leading_spaces_are_skipped() => Assert.Equal("PING", Parse("   PING x").Command);

    [Fact]
    public void Body_of_exactly_510_bytes_is_accepted()
    {
        var line = "PRIVMSG #a :" + new string('x', 510 - 12);
        Assert.Equal(510, line.Length);
        Assert.Equal(498, Parse(line).Parameters[1].Length);
    }

    [Fact]
    public void Tag_section_of_exactly_8191_bytes_is_accepted()
    {
        var tags = "@a=" + new string('v', 8191 - 4) + " ";
        Assert.Equal(8191, tags.Length);
        Assert.Equal("PING", Parse(tags + "PING x").Command);
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var limits = new IrcLimits { MaxBodyBytes = 10 };
        Assert.Equal(IrcParseError.LineTooLong, IrcParser.Parse("PRIVMSG #a :hi"u8, limits, out _));
        Assert.Equal(IrcParseError.None, IrcParser.Parse("PING :abc"u8, limits, out _));
    }
}
