using Microsoft.Extensions.Options;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class LimitsTests
{
    [Fact]
    public async Task Full_channels_and_too_many_channels_are_refused()
    {
        await using var server = await TestServer.StartAsync(("Parley:MaxRoomsPerUser", "1"));
        await using var op = await IrcClient.RegisterAsync(server.IrcEndPoint, "op");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");
        await op.JoinAsync("#small");
        await op.SendAsync("MODE #small +l 1");
        await op.ExpectContainsAsync("MODE #small +l 1");
        await bob.SendAsync("JOIN #small");
        Assert.Equal(":test.parley 471 bob #small :Cannot join channel (+l)", await bob.ExpectNumericAsync("471"));
        await bob.JoinAsync("#first");
        await bob.SendAsync("JOIN #second");
        Assert.Equal(":test.parley 405 bob #second :You have joined too many channels", await bob.ExpectNumericAsync("405"));
    }

    [Fact]
    public async Task Invalid_irc_configuration_stops_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestServer.StartAsync(("Parley:Irc:Operators:0:Name", "root"), ("Parley:Irc:Operators:0:PasswordHash", "plaintext")));
        Assert.Contains("PasswordHash", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(("Parley:Irc:PingTimeout", "00:00:00")));
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(("Parley:Flood:LinesPerSecond", "0")));
    }

    [Fact]
    public async Task Capabilities_can_change_after_registration()
    {
        await using var server = await TestServer.StartAsync();
        await using var late = await IrcClient.RegisterAsync(server.IrcEndPoint, "late");
        await using var talker = await IrcClient.RegisterAsync(server.IrcEndPoint, "talker");
        await late.JoinAsync("#c");
        await talker.JoinAsync("#c");
        await late.SendAsync("CAP REQ server-time");
        Assert.Equal(":test.parley CAP late ACK server-time", await late.ExpectContainsAsync(" CAP "));
        await talker.SendAsync("PRIVMSG #c :now with time");
        Assert.StartsWith("@time=", await late.ExpectContainsAsync("now with time"), StringComparison.Ordinal);
        await late.SendAsync("CAP REQ -server-time");
        await late.ExpectContainsAsync(" ACK ");
        await talker.SendAsync("PRIVMSG #c :plain again");
        Assert.StartsWith(":talker!", await late.ExpectContainsAsync("plain again"), StringComparison.Ordinal);
    }
}
