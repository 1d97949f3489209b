using Parley.Testing;

namespace Parley.Integration.Tests.History;

public sealed class RestartTests
{
    [Fact]
    public async Task Messages_survive_a_restart_and_are_replayed_on_join_in_order_with_their_times()
    {
        using var data = new TempDirectory();
        var said = new List<string>();
        await using (var server = await TestServer.StartAsync(data.Path))
        {
            await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
            await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
            for (var i = 0; i < 5; i++)
            {
                await alice.SendAsync($"before restart {i}");
                said.Add(await bob.ExpectContainsAsync($"before restart {i}"));
            }

            await alice.SendAsync("/me leaves");
            await bob.ExpectContainsAsync("* alice leaves");
        }

        await using (var server = await TestServer.StartAsync(data.Path))
        {
            await using var carol = await TextClient.ConnectAsync(server.LineEndPoint);
            await carol.ExpectContainsAsync("You joined general");
            var replay = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                replay.Add(await carol.ReadLineAsync());
            }

            Assert.All(replay, l => Assert.Matches(@"^\[history \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\] ", l));
            Assert.Equal(said.Select(s => s).Append("* alice leaves"), replay.Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]));
            var times = replay.Select(l => DateTime.Parse(l[9..28], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True(DateTime.UtcNow - times[0] < TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task History_on_join_can_be_set_and_disabled()
    {
        await using var server = await TestServer.StartAsync(("Parley:HistoryOnJoin", "2"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        for (var i = 0; i < 4; i++)
        {
            await alice.SendAsync($"m{i}");
        }

        // A round trip on alice's connection: the server has taken (and, being a command, committed) her lines.
        await alice.SendAsync("/who");
        await alice.ExpectContainsAsync("Members of general");

        await using var bob = await TextClient.ConnectAsync(server.LineEndPoint);
        await bob.ExpectContainsAsync("You joined general");
        Assert.EndsWith("<alice> m2", await bob.ReadLineAsync());
        Assert.EndsWith("<alice> m3", await bob.ReadLineAsync());

        await using var quiet = await TestServer.StartAsync(("Parley:HistoryOnJoin", "0"));
        await using var dave = await LineClient.JoinAsync(quiet.LineEndPoint, "dave");
        await dave.SendAsync("hello");
        await dave.SendAsync("/who");
        await dave.ExpectContainsAsync("Members of general");
        await using var erin = await TextClient.ConnectAsync(quiet.LineEndPoint);
        await erin.ExpectContainsAsync("You joined general");
        await erin.SendAsync("/who");
        Assert.StartsWith("*** Members of general", await erin.ReadLineAsync());
    }
}
