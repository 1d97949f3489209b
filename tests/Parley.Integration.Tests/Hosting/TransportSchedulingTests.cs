using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

public sealed class TransportSchedulingTests
{
    private static async Task<bool> InlineSchedulingOf(params (string Key, string Value)[] settings)
    {
        await using var server = await TestServer.StartAsync([("Parley:Connection:Transport", "Kestrel"), .. settings]);
        return server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling;
    }

    [Fact]
    public async Task Kestrels_socket_transport_schedules_inline_by_default()
    {
        Assert.True(await InlineSchedulingOf());
    }

    [Fact]
    public async Task Inline_scheduling_can_be_turned_off()
    {
        Assert.False(await InlineSchedulingOf(("Parley:Connection:InlineScheduling", "false")));
    }
}
