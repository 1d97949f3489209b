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
}
