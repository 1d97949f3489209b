using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class SocketOutputTests
{
    [Fact]
    public async Task A_flush_sends_everything_written_and_closing_ends_the_stream_after_it()
    {
        await using var t = await LeanTransportFixture.ConnectAsync();
        t.Server.Output.Write(":a PRIVMSG #r :one\r\n"u8);
        t.Server.Output.Write(":a PRIVMSG #r :two\r\n"u8);
        var flush = await t.Server.Output.FlushAsync().AsTask().WaitAsync(Waits.Short);
        Assert.False(flush.IsCompleted);
        Assert.False(t.Server.Output.HoldsBuffer);

        await t.Server.Output.CompleteAsync();
        await t.Server.DisposeAsync();
        Assert.Equal(":a PRIVMSG #r :one\r\n:a PRIVMSG #r :two\r\n", Encoding.ASCII.GetString(await t.PeerReadToEndAsync()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_peer_that_does_not_read_makes_the_flush_wait_and_gets_every_byte_once_it_reads(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var payload = new byte[16 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        payload.CopyTo(t.Server.Output.GetMemory(payload.Length));
        t.Server.Output.Advance(payload.Length);

        // More than loopback's socket buffers hold: the rest waits for the peer.
        var flush = t.Server.Output.FlushAsync();
        Assert.False(flush.IsCompleted);
        Assert.Throws<InvalidOperationException>(() => t.Server.Output.GetSpan());

        var reading = t.PeerReadToEndAsync();
        var result = await flush.AsTask().WaitAsync(Waits.Long);
        Assert.False(result.IsCompleted);
        await t.Server.Output.CompleteAsync();
        await t.Server.DisposeAsync();
        Assert.Equal(payload, await reading.WaitAsync(Waits.Long));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writing_to_a_vanished_peer_completes_the_flush_instead_of_throwing_and_the_reader_sees_the_reset(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        t.Peer.LingerState = new LingerOption(true, 0);
        t.Peer.Close();

        var completed = false;
        for (var i = 0; i < 100 && !completed; i++)
        {
            t.Server.Output.Write(new byte[65536]);
            completed = (await t.Server.Output.FlushAsync().AsTask().WaitAsync(Waits.Short)).IsCompleted;
        }

        Assert.True(completed);

        // The reset may have been reported to the send alone; the reader learns it all the same.
        await Assert.ThrowsAsync<ConnectionResetException>(() => t.Server.Input.ReadAsync().AsTask().WaitAsync(Waits.Short));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aborting_ends_a_waiting_flush_as_completed(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        t.Server.Output.Write(new byte[16 * 1024 * 1024]);
        var flush = t.Server.Output.FlushAsync();
        Assert.False(flush.IsCompleted);

        t.Server.Abort(new ConnectionAbortedException("test"));
        Assert.True((await flush.AsTask().WaitAsync(Waits.Short)).IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_flush_reports_it()
    {
        await using var t = await LeanTransportFixture.ConnectAsync();
        t.Server.Output.CancelPendingFlush();
        t.Server.Output.Write("x"u8);
        Assert.True((await t.Server.Output.FlushAsync()).IsCanceled);
    }

    [Fact]
    public async Task The_connection_carries_its_socket_endpoints_and_the_features_Kestrel_sets()
    {
        await using var t = await LeanTransportFixture.ConnectAsync();
        Assert.Equal(t.Peer.LocalEndPoint!.ToString(), t.Server.RemoteEndPoint!.ToString());
        Assert.Equal(t.Peer.RemoteEndPoint!.ToString(), t.Server.LocalEndPoint!.ToString());
        Assert.NotNull(t.Server.Features.Get<IConnectionSocketFeature>()?.Socket);

        var marker = new object();
        t.Server.Features[typeof(string)] = marker;
        t.Server.Features.Set<IConnectionItemsFeature>(null);
        Assert.Same(marker, t.Server.Features[typeof(string)]);
        t.Server.Features[typeof(string)] = null;
        Assert.Null(t.Server.Features[typeof(string)]);
        t.Server.Items["k"] = "v";
        Assert.Equal("v", t.Server.Items["k"]);
        Assert.StartsWith("P", t.Server.ConnectionId, StringComparison.Ordinal);
    }
}
