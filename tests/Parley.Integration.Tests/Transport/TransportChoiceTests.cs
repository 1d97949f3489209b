using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Transport;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class TransportChoiceTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("Lean", true)]
    [InlineData("Kestrel", false)]
    public async Task Both_transports_relay_lines_and_the_lean_one_is_the_default(string? transport, bool lean)
    {
        var settings = transport is null ? [] : new[] { ("Parley:Connection:Transport", transport) };
        await using var server = await TestServer.StartAsync(settings);
        Assert.Equal(lean, server.Services.GetRequiredService<IServer>() is LeanServer);

        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#general")!.MemberCount == 2));
        await alice.SendAsync("hello over " + (transport ?? "the default"));
        await bob.ExpectContainsAsync("hello over " + (transport ?? "the default"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_lean_transport_relays_lines_and_quits_with_any_number_of_read_loops(int loops)
    {
        await using var server = await TestServer.StartAsync([("Parley:Connection:ReadLoops", loops.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await using var alice = await LineClient.JoinAsync(server.LineEndPoint, "alice");
        await using var bob = await LineClient.JoinAsync(server.LineEndPoint, "bob");
        await using var carol = await LineClient.JoinAsync(server.LineEndPoint, "carol");
        await Waits.UntilAsync(() => server.OnHub(h => h.FindRoom("#general")!.MemberCount == 3));
        await alice.SendAsync($"hello with {loops} read loops");
        await bob.ExpectContainsAsync($"<alice> hello with {loops} read loops");
        await carol.ExpectContainsAsync($"<alice> hello with {loops} read loops");

        await alice.SendAsync("/quit bye");
        await bob.ExpectContainsAsync("*** alice quit (Quit: bye)");
        await carol.ExpectContainsAsync("*** alice quit (Quit: bye)");
    }
}
