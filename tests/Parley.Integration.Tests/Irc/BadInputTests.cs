using System.Text;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class BadInputTests
{
    [Fact]
    public async Task Malformed_and_hostile_lines_get_errors_and_the_connection_stays_usable()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await IrcClient.RegisterAsync(server.IrcEndPoint, "fuzzy");
        await using var other = await IrcClient.RegisterAsync(server.IrcEndPoint, "other");
        await c.JoinAsync("#c");
        await other.JoinAsync("#c");

        await c.SendAsync("JOIN :#a b");
        await c.ExpectNumericAsync("476");
        await c.SendAsync("MODE #c +b :a b");
        await c.ExpectNumericAsync("696");
        await c.SendAsync("KICK #c :a b");
        Assert.Equal(":test.parley 401 fuzzy a_b :No such nick/channel", await c.ExpectNumericAsync("401"));
        // ":x y :hi" is one trailing parameter: a target and no text.
        await c.SendAsync("PRIVMSG :x y :hi");
        await c.ExpectNumericAsync("412");
        await c.SendAsync("PRIVMSG #c :" + new string('x', 600));
        Assert.Equal(":test.parley 417 fuzzy :Input line was too long", await c.ExpectNumericAsync("417"));
        await c.SendRawAsync([.. Encoding.ASCII.GetBytes("PRIVMSG #c :caf"), 0xE9, .. "\r\n"u8]);
        Assert.Equal(":test.parley FAIL PRIVMSG INVALID_UTF8 :Message rejected: it was not valid UTF-8", await c.ExpectContainsAsync("FAIL"));
        await c.SendRawAsync("PRIVMSG #c :nul\0byte\r\n"u8.ToArray());
        await c.SendAsync("PRIVMSG #c :still here");
        Assert.Equal(":fuzzy!~fuzzy@127.0.0.1 PRIVMSG #c :still here", await other.ExpectContainsAsync("still here"));
        Assert.DoesNotContain(other.Seen, l => l.Contains("caf", StringComparison.Ordinal) || l.Contains("xxxx", StringComparison.Ordinal));
        Assert.True(await server.OnHub(h => h.FindUser("fuzzy") is not null));
    }
}
