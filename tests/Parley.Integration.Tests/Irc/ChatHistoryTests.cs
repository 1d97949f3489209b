using System.Text.RegularExpressions;
using Parley.Testing;

namespace Parley.Integration.Tests.Irc;

/// <summary>chathistory against the real SQLite store, which the test server opens in its temporary data folder.</summary>
public sealed partial class ChatHistoryTests
{
    private static Task<TestServer> StartWithStoreAsync(params (string, string)[] settings) => TestServer.StartAsync(settings);

    [GeneratedRegex("msgid=([0-9a-f]{32})")]
    private static partial Regex MsgId();

    [Fact]
    public async Task Latest_before_after_around_between_and_targets_come_in_chathistory_batches()
    {
        await using var server = await StartWithStoreAsync();
        await using var writer = await IrcClient.RegisterAsync(server.IrcEndPoint, "writer", "message-tags", "echo-message");
        await writer.JoinAsync("#h");
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            await writer.SendAsync($"PRIVMSG #h :line {i}");
            ids.Add(MsgId().Match(await writer.ExpectContainsAsync($":line {i}")).Groups[1].Value);
        }

        await using var reader = await IrcClient.RegisterAsync(server.IrcEndPoint, "reader", "draft/chathistory", "batch", "server-time", "message-tags");
        await reader.JoinAsync("#h");
        Assert.DoesNotContain(reader.Seen, l => l.Contains(":line ", StringComparison.Ordinal));

        async Task<List<string>> QueryAsync(string command)
        {
            await reader.SendAsync(command);
            var start = await reader.ExpectContainsAsync(" BATCH +");
            Assert.EndsWith(" chathistory #h", start, StringComparison.Ordinal);
            var lines = new List<string>();
            while (true)
            {
                var line = await reader.ReadLineAsync();
                if (line.Contains(" BATCH -", StringComparison.Ordinal))
                {
                    return lines;
                }

                Assert.StartsWith("@batch=", line, StringComparison.Ordinal);
                lines.Add(line[(line.IndexOf(" :line ", StringComparison.Ordinal) + 2)..]);
            }
        }

        Assert.Equal(["line 7", "line 8", "line 9"], await QueryAsync("CHATHISTORY LATEST #h * 3"));
        Assert.Equal(["line 3", "line 4"], await QueryAsync($"CHATHISTORY BEFORE #h msgid={ids[5]} 2"));
        Assert.Equal(["line 6", "line 7"], await QueryAsync($"CHATHISTORY AFTER #h msgid={ids[5]} 2"));
        Assert.Contains("line 5", await QueryAsync($"CHATHISTORY AROUND #h msgid={ids[5]} 3"));
        Assert.Equal(["line 3", "line 4", "line 5"], await QueryAsync($"CHATHISTORY BETWEEN #h msgid={ids[2]} msgid={ids[6]} 10"));

        await reader.SendAsync("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10");
        Assert.EndsWith(" draft/chathistory-targets", await reader.ExpectContainsAsync(" BATCH +"), StringComparison.Ordinal);
        Assert.Contains("CHATHISTORY TARGETS #h timestamp=", await reader.ReadLineAsync(), StringComparison.Ordinal);

        await reader.SendAsync("CHATHISTORY LATEST #h * notanumber");
        Assert.Contains("FAIL CHATHISTORY INVALID_PARAMS", await reader.ExpectContainsAsync("FAIL"), StringComparison.Ordinal);
        await reader.SendAsync("CHATHISTORY SIDEWAYS #h * 1");
        Assert.Contains("FAIL CHATHISTORY INVALID_PARAMS SIDEWAYS", await reader.ExpectContainsAsync("FAIL"), StringComparison.Ordinal);
        await reader.SendAsync("CHATHISTORY LATEST #h");
        Assert.Contains("FAIL CHATHISTORY NEED_MORE_PARAMS", await reader.ExpectContainsAsync("FAIL"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clients_without_chathistory_get_the_last_messages_replayed_on_join()
    {
        await using var server = await StartWithStoreAsync(("Parley:HistoryOnJoin", "3"));
        await using var writer = await IrcClient.RegisterAsync(server.IrcEndPoint, "writer", "echo-message");
        await writer.JoinAsync("#r");
        for (var i = 0; i < 5; i++)
        {
            await writer.SendAsync($"PRIVMSG #r :old {i}");
            await writer.ExpectContainsAsync($":old {i}");
        }

        await using var late = await IrcClient.RegisterAsync(server.IrcEndPoint, "late", "server-time");
        await late.SendAsync("JOIN #r");
        await late.ExpectNumericAsync("366");
        Assert.Matches(@"^@time=\S+ :writer!~writer@127\.0\.0\.1 PRIVMSG #r :old 2$", await late.ReadLineAsync());
        Assert.EndsWith(":old 3", await late.ReadLineAsync(), StringComparison.Ordinal);
        Assert.EndsWith(":old 4", await late.ReadLineAsync(), StringComparison.Ordinal);
    }
}
