using System.Reflection;
using Parley.Doors.Irc.Protocol;

namespace Parley.Doors.Irc.Tests.Protocol;

public class NumericsTests
{
    private static IEnumerable<(string Name, string Value)> Constants() =>
        typeof(Numerics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!));

    [Fact]
    public void Every_numeric_is_three_digits_and_unique()
    {
        var numerics = Constants().Where(c => c.Name.StartsWith("RPL_", StringComparison.Ordinal) || c.Name.StartsWith("ERR_", StringComparison.Ordinal)).ToList();
        Assert.True(numerics.Count > 120);
        Assert.All(numerics, n => Assert.Matches("^[0-9]{3}$", n.Value));
        Assert.Empty(numerics.GroupBy(n => n.Value).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Numerics_parse_as_commands()
    {
        foreach (var (_, value) in Constants())
        {
            Assert.Equal(IrcParseError.None, IrcParser.Parse(":s " + value + " nick :text", out var m));
            Assert.Equal(value, m!.Command);
        }
    }
}
