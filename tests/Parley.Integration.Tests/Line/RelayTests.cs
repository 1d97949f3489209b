using Parley.Testing;

namespace Parley.Integration.Tests.Line;

public sealed class RelayTests
{
    [Fact]
    public async Task Every_line_reaches_every_other_member_once_and_all_see_the_same_order()
    {
        await using var server = await TestServer.StartAsync();
        const int clients = 6;
        const int perSender = 30;
        var members = new List<LineClient>();
        for (var i = 0; i < clients; i++)
        {
            members.Add(await LineClient.JoinAsync(server.LineEndPoint, $"user{i}"));
        }

        // Everyone is in: drain the join and nick notices.
        foreach (var member in members)
        {
            await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#general")!.MemberCount == clients));
            member.Drain();
        }

        await Task.WhenAll(members.Select(async (m, i) =>
        {
            for (var n = 0; n < perSender; n++)
            {
                await m.SendAsync($"msg {i} {n}");
            }
        }));

        var received = new List<List<string>>();
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            var lines = new List<string>();
            while (lines.Count < (clients - 1) * perSender)
            {
                var line = await member.ReadLineAsync();
                if (line.StartsWith('<'))
                {
                    lines.Add(line);
                }
            }

            Assert.DoesNotContain(lines, l => l.StartsWith($"<user{i}>", StringComparison.Ordinal));
            Assert.Equal(lines.Count, lines.Distinct().Count());
            received.Add(lines);
        }

        // Per-sender order is kept, and any two members agree on the order of what both received.
        for (var a = 0; a < clients; a++)
        {
            for (var s = 0; s < clients; s++)
            {
                if (s == a)
                {
                    continue;
                }

                var fromS = received[a].Where(l => l.StartsWith($"<user{s}>", StringComparison.Ordinal)).ToList();
                Assert.Equal(Enumerable.Range(0, perSender).Select(n => $"<user{s}> msg {s} {n}"), fromS);
            }

            for (var b = a + 1; b < clients; b++)
            {
                var common = received[a].Intersect(received[b]).ToHashSet();
                Assert.Equal(received[a].Where(common.Contains), received[b].Where(common.Contains));
            }
        }

        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_message_in_another_room_names_the_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendAsync("/join rust");
        await alice.ExpectContainsAsync("You joined rust");
        await bob.SendAsync("/join rust");
        await bob.ExpectContainsAsync("You joined rust");
        await bob.SendAsync("/join general");
        await bob.ExpectContainsAsync("general is now your current room");

        await alice.SendAsync("hello rust");
        Assert.Equal("[rust] <alice> hello rust", await bob.ExpectAsync(l => l.Contains("hello", StringComparison.Ordinal)));
        await alice.SendAsync("/me waves");
        Assert.Equal("[rust] * alice waves", await bob.ExpectContainsAsync("waves"));
    }

    [Fact]
    public async Task Control_characters_are_removed_from_relayed_text_and_tabs_kept()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendAsync("be\u0007ll\u001b[2Jclear\tok");
        Assert.Equal("<alice> bell[2Jclear\tok", await bob.ExpectContainsAsync("<alice>"));
    }

    [Fact]
    public async Task Crlf_and_lf_line_ends_both_work()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendRawAsync("one\r\ntwo\n"u8.ToArray());
        Assert.Equal("<alice> one", await bob.ExpectContainsAsync("<alice>"));
        Assert.Equal("<alice> two", await bob.ExpectContainsAsync("<alice>"));
    }

    [Fact]
    public async Task A_double_slash_says_a_line_that_starts_with_a_slash()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.SendAsync("//usr/bin is a folder");
        Assert.Equal("<alice> /usr/bin is a folder", await bob.ExpectContainsAsync("<alice>"));
    }

    [Fact]
    public async Task Lines_pipelined_in_one_write_past_the_in_flight_limit_all_arrive_in_order()
    {
        // One command in flight: the reader waits for the hub after every line of the write; none may be lost or reordered.
        await using var server = await TestServer.StartAsync(("Parley:Connection:MaxCommandsInFlight", "1"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await alice.ExpectContainsAsync("bob");

        const int lines = 300;
        await alice.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, lines).Select(n => $"line {n}\n"))));

        for (var n = 0; n < lines; n++)
        {
            Assert.Equal($"<alice> line {n}", await bob.ExpectContainsAsync("<alice>"));
        }
    }
}
