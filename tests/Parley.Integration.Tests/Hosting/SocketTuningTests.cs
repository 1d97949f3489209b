using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Core.Sessions;
using Parley.Server.Hosting;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

public sealed class SocketTuningTests
{
    /// <summary>Applies the tuning to a listening socket, as both transports do, and accepts a real loopback connection.</summary>
    private static async Task<Socket> AcceptTunedAsync(ConnectionOptions options)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SocketTuning.ApplyKeepAlive(listener, options);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        return await listener.AcceptAsync();
    }

    [Fact]
    public async Task Kestrels_socket_transport_binds_its_listeners_with_the_keepalive()
    {
        await using var server = await TestServer.StartAsync(("Parley:Connection:Transport", "Kestrel"), ("Parley:Connection:KeepAliveIdle", "00:00:07"));
        var transport = server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        using var listener = transport.CreateBoundListenSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(1, (int)listener.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(7, (int)listener.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
    }

    [Fact]
    public async Task Accepted_sockets_get_the_configured_keepalive()
    {
        using var accepted = await AcceptTunedAsync(new ConnectionOptions
        {
            KeepAliveIdle = TimeSpan.FromSeconds(7),
            KeepAliveInterval = TimeSpan.FromSeconds(3),
            KeepAliveProbes = 4,
        });

        Assert.Equal(1, (int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(7, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(3, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(4, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
    }

    [Fact]
    public async Task A_zero_idle_time_leaves_keepalive_off()
    {
        using var accepted = await AcceptTunedAsync(new ConnectionOptions { KeepAliveIdle = TimeSpan.Zero });
        Assert.Equal(0, (int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
    }

    [Fact]
    public async Task The_lean_transport_gives_accepted_sockets_the_keepalive_and_no_delay_of_its_listener()
    {
        await using var t = await Transport.LeanTransportFixture.ConnectAsync(new ConnectionOptions
        {
            KeepAliveIdle = TimeSpan.FromSeconds(7),
            KeepAliveInterval = TimeSpan.FromSeconds(3),
            KeepAliveProbes = 4,
        });
        var accepted = t.Server.Features.Get<IConnectionSocketFeature>()!.Socket;

        Assert.True(accepted.NoDelay);
        Assert.Equal(1, (int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(7, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(3, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(4, (int)accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
    }
}
