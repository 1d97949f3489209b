using Parley.Doors.Irc;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

public sealed class OperatorTests
{
    [Fact]
    public async Task Oper_with_the_right_password_can_kill_and_override_channel_privileges()
    {
        // Fewer iterations than production so the test stays quick; the format and the check are the same.
        var hash = OperatorPassword.Hash("hunter2", iterations: 1000);
        await using var server = await TestServer.StartAsync(("Parley:Irc:Operators:0:Name", "root"), ("Parley:Irc:Operators:0:PasswordHash", hash));
        await using var admin = await IrcClient.RegisterAsync(server.IrcEndPoint, "admin");
        await using var owner = await IrcClient.RegisterAsync(server.IrcEndPoint, "owner");
        await using var victim = await IrcClient.RegisterAsync(server.IrcEndPoint, "victim");
        await owner.JoinAsync("#owned");
        await victim.JoinAsync("#owned");

        await admin.SendAsync("KILL victim :nope");
        Assert.Equal(":test.parley 481 admin :Permission Denied- You're not an IRC operator", await admin.ExpectNumericAsync("481"));
        await admin.SendAsync("OPER nobody hunter2");
        await admin.ExpectNumericAsync("491");
        await admin.SendAsync("OPER root wrong");
        await admin.ExpectNumericAsync("464");
        await admin.SendAsync("OPER root hunter2");
        Assert.Equal(":test.parley 381 admin :You are now an IRC operator", await admin.ExpectNumericAsync("381"));
        Assert.True(await server.OnHub(h => h.FindUser("admin")!.IsServerOperator));

        // Override: not even a member, yet MODE and TOPIC work.
        await admin.SendAsync("TOPIC #owned :operator was here");
        await owner.ExpectContainsAsync("TOPIC #owned :operator was here");
        await admin.SendAsync("MODE #owned +m");
        await owner.ExpectContainsAsync("MODE #owned +m");

        await admin.SendAsync("KILL victim :spamming");
        var rest = await victim.ReadToEndAsync();
        Assert.Contains(rest, l => l.StartsWith("ERROR :Closing Link", StringComparison.Ordinal) && l.Contains("Killed (admin (spamming))", StringComparison.Ordinal));
        Assert.Equal(":victim!~victim@127.0.0.1 QUIT :Killed (admin (spamming))", await owner.ExpectContainsAsync(" QUIT "));
        await admin.SendAsync("KILL ghost :x");
        await admin.ExpectNumericAsync("401");
    }

    [Fact]
    public void Password_hashes_verify_only_the_right_password()
    {
        var hash = OperatorPassword.Hash("s3cret", iterations: 1000);
        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(OperatorPassword.Verify("s3cret", hash));
        Assert.False(OperatorPassword.Verify("s3cret!", hash));
        Assert.False(OperatorPassword.IsWellFormed("plain"));
        Assert.NotEqual(hash, OperatorPassword.Hash("s3cret", iterations: 1000));
    }
}
