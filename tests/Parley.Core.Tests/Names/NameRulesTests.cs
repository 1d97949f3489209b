using Parley.Core.Names;

namespace Parley.Core.Tests.Names;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("guest-1234", true)]
    [InlineData("[away]`_^{|}", true)]
    [InlineData("9lives", false)]
    [InlineData("-dash", false)]
    [InlineData("has space", false)]
    [InlineData("a,b", false)]
    [InlineData("a!b", false)]
    [InlineData("#chan", false)]
    [InlineData("", false)]
    [InlineData("héllo", false)]
    public void Nick_rules_follow_rfc_2812(string nick, bool valid) => Assert.Equal(valid, NickRules.IsValid(nick, 30));

    [Fact]
    public void Nick_length_is_a_limit() => Assert.False(NickRules.IsValid(new string('a', 31), 30));

    [Theory]
    [InlineData("#general", true)]
    [InlineData("#c++", true)]
    [InlineData("#日本", true)]
    [InlineData("general", false)]
    [InlineData("#", false)]
    [InlineData("#a b", false)]
    [InlineData("#a,b", false)]
    [InlineData("#a:b", false)]
    [InlineData("#a\u0007", false)]
    public void Room_names_are_irc_channel_names(string name, bool valid) => Assert.Equal(valid, RoomNames.IsValid(name, 50));

    [Fact]
    public void Line_names_map_to_irc_names_and_back()
    {
        Assert.Equal("#general", RoomNames.FromLineName("general"));
        Assert.Equal("#general", RoomNames.FromLineName("#general"));
        Assert.Equal("general", RoomNames.ToLineName("#general"));
    }

    [Fact]
    public void Ascii_casemapping_folds_only_a_to_z()
    {
        Assert.Equal("alice[]", Casemapping.Fold("ALICE[]"));
        Assert.Equal("{}", Casemapping.Fold("{}"));
        Assert.Equal("été", Casemapping.Fold("été"));
        Assert.True(Casemapping.Equal("Bob", "bOB"));
        Assert.False(Casemapping.Equal("a[", "a{"));
    }

    [Theory]
    [InlineData("*!*@*", "nick!user@host", true)]
    [InlineData("nick!*@*", "NICK!user@host", true)]
    [InlineData("*!*@*.example.com", "a!b@c.example.com", true)]
    [InlineData("*!*@*.example.com", "a!b@example.com", false)]
    [InlineData("n?ck!*@*", "nick!u@h", true)]
    [InlineData("n?ck!*@*", "nck!u@h", false)]
    public void Ban_masks_match_with_wildcards(string mask, string who, bool matches) => Assert.Equal(matches, Wildcard.IsMatch(mask, who));

    [Theory]
    [InlineData("nick", "nick!*@*")]
    [InlineData("user@host", "*!user@host")]
    [InlineData("nick!user", "nick!user@*")]
    [InlineData("n!u@h", "n!u@h")]
    public void Partial_ban_masks_are_completed(string mask, string expected) => Assert.Equal(expected, Wildcard.NormalizeBanMask(mask));

    [Fact]
    public void Control_characters_are_stripped_but_tab_and_irc_formatting_kept()
    {
        Assert.Equal("ab\tc\u0002bold\u0002", TextRules.StripControls("a\u0000b\tc\u0007\u001b\u0002bold\u0002\u007f"));
        Assert.Equal("bold", TextRules.StripControls("\u0002bold", keepIrcFormatting: false));
        Assert.Same("plain", TextRules.StripControls("plain"));
    }

    [Fact]
    public void Truncation_never_splits_a_character()
    {
        Assert.Equal("ab", TextRules.TruncateUtf8("abé", 3));
        Assert.Equal("abé", TextRules.TruncateUtf8("abé", 4));
        Assert.Equal("a", TextRules.TruncateUtf8("a😀", 4));
        Assert.Equal("a😀", TextRules.TruncateUtf8("a😀", 5));
    }
}
