using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Server.Transport;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed partial class ConnectionLimitTests
{
    [Fact]
    public async Task Past_the_limit_each_door_refuses_in_its_own_protocol_and_those_inside_go_on()
    {
        await using var server = await TestServer.StartAsync(("Parley:Connection:MaxConnections", "2"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await IrcClient.RegisterAsync(server.IrcEndPoint, "bob");

        await using (var irc = await IrcClient.ConnectAsync(server.IrcEndPoint))
        {
            Assert.Equal(["ERROR :Closing Link: * (Server is full; try again later)"], await irc.ReadToEndAsync());
        }

        await using (var line = await TextClient.ConnectAsync(server.LineEndPoint))
        {
            Assert.Equal(["*** Server is full; try again later"], await line.ReadToEndAsync());
        }

        await bob.JoinAsync("#general");
        await alice.SendAsync("still talking");
        await bob.ExpectContainsAsync("still talking");
    }

    [Fact]
    public async Task On_Kestrel_the_limit_is_Kestrels_which_closes_without_a_word()
    {
        await using var server = await TestServer.StartAsync(("Parley:Connection:Transport", "Kestrel"), ("Parley:Connection:MaxConnections", "1"));
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");

        await using (var refused = await TextClient.ConnectAsync(server.LineEndPoint))
        {
            Assert.Empty(await refused.ReadToEndAsync());
        }

        await alice.SendAsync("/nick alicia");
        await alice.ExpectContainsAsync("alicia");
    }

    /// <summary>
    /// At the descriptor limit itself the .NET runtime ends the process the first time it cannot start a thread; the
    /// default limit of connections keeps the server short of it, so a flood is refused and the server lives.
    /// </summary>
    [Fact]
    public async Task Under_a_small_descriptor_limit_a_flood_of_connections_is_refused_and_the_server_lives()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartWithDescriptorLimitAsync(data.Path, 640);
        var max = int.Parse(MaxConnectionsLine().Match(server.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(max, 1, 640 - DescriptorLimit.Reserve);

        var flood = new List<TextClient>();
        try
        {
            for (var i = 0; i < max; i++)
            {
                flood.Add(await TextClient.ConnectAsync(server.EndPointOf("line")));
            }

            // Every one of them is being served: the line door welcomes each.
            foreach (var client in flood)
            {
                await client.ExpectContainsAsync("Welcome");
            }

            for (var i = 0; i < 20; i++)
            {
                await using var refused = await TextClient.ConnectAsync(server.EndPointOf("line"));
                Assert.Equal(["*** Server is full; try again later"], await refused.ReadToEndAsync());
            }

            await flood[0].DisposeAsync();
            flood.RemoveAt(0);
            await Waits.UntilAsync(async () =>
            {
                await using var next = await TextClient.ConnectAsync(server.EndPointOf("line"));
                return !(await next.ReadLineAsync()).Contains("full", StringComparison.Ordinal);
            });
            Assert.False(server.HasExited);
        }
        finally
        {
            foreach (var client in flood)
            {
                await client.DisposeAsync();
            }
        }
    }

    [GeneratedRegex(@"Accepting at most (\d+) connections")]
    private static partial Regex MaxConnectionsLine();
}
