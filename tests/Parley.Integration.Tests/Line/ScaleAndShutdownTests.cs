using Parley.Testing;

namespace Parley.Integration.Tests.Line;

public sealed class ScaleAndShutdownTests
{
    [Fact]
    public async Task A_thousand_connections_in_one_room_all_receive_a_broadcast()
    {
        await using var server = await TestServer.StartAsync(("Parley:HistoryOnJoin", "0"));
        const int count = 1000;
        var clients = new List<TextClient>(count);
        for (var i = 0; i < count; i += 50)
        {
            clients.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => TextClient.ConnectAsync(server.LineEndPoint))));
        }

        await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#general")?.MemberCount == count), Waits.Long, "all joined");
        await clients[0].SendAsync("hello thousand");
        await Task.WhenAll(clients.Skip(1).Select(c => c.ExpectAsync(l => l.EndsWith("> hello thousand", StringComparison.Ordinal), Waits.Long)));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigterm_tells_every_client_and_exits_zero()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);
        var alice = await LineClient.JoinAsync(server.EndPointOf("line"), "alice");
        var bob = await LineClient.JoinAsync(server.EndPointOf("line"), "bob");
        server.Signal(15);
        foreach (var client in new[] { alice, bob })
        {
            await client.ExpectContainsAsync("*** Server shutting down");
            await client.ReadToEndAsync();
            await client.DisposeAsync();
        }

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }
}
