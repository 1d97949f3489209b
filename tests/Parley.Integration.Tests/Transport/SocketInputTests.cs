using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Parley.Core.Sessions;
using Parley.Testing;

namespace Parley.Integration.Tests.Transport;

public sealed class SocketInputTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bytes_sent_in_pieces_arrive_in_order_and_a_read_waits_for_more_after_all_is_examined(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        await t.Peer.SendAsync("hel"u8.ToArray());
        var first = await t.ReadAtLeastAsync(3);
        Assert.Equal("hel", Encoding.ASCII.GetString(first.Buffer));

        // Examined to the end, consumed nothing: the next read must return only once more has arrived.
        t.Server.Input.AdvanceTo(first.Buffer.Start, first.Buffer.End);
        var next = t.Server.Input.ReadAsync();
        await t.Peer.SendAsync("lo\n"u8.ToArray());
        var second = await next.AsTask().WaitAsync(Waits.Short);
        Assert.Equal("hello\n", Encoding.ASCII.GetString(second.Buffer));
        Assert.True(second.Buffer.IsSingleSegment);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unfinished_unit_longer_than_the_first_buffer_grows_it_and_stays_contiguous(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var payload = new byte[200_000];
        Random.Shared.NextBytes(payload);
        var sending = t.Peer.SendAsync(payload);

        var result = await t.ReadAtLeastAsync(payload.Length);
        await sending;
        Assert.True(result.Buffer.IsSingleSegment);
        Assert.Equal(payload, result.Buffer.ToArray());
        t.Server.Input.AdvanceTo(result.Buffer.End);
        Assert.False(t.Server.Input.HoldsBuffer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Megabytes_consumed_as_they_come_arrive_intact(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var payload = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        var sending = Task.Run(async () =>
        {
            await t.Peer.SendAsync(payload);
            t.Peer.Shutdown(SocketShutdown.Send);
        });

        using var received = new MemoryStream();
        while (true)
        {
            var result = await t.Server.Input.ReadAsync().AsTask().WaitAsync(Waits.Short);
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            t.Server.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await sending;
        Assert.Equal(payload, received.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_peer_closing_completes_the_input_after_its_last_bytes(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        await t.Peer.SendAsync("QUIT\n"u8.ToArray());
        t.Peer.Shutdown(SocketShutdown.Send);

        var result = await t.ReadAtLeastAsync(int.MaxValue);
        Assert.True(result.IsCompleted);
        Assert.Equal("QUIT\n", Encoding.ASCII.GetString(result.Buffer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reset_by_the_peer_fails_the_read_as_a_reset(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var pending = t.Server.Input.ReadAsync().AsTask();
        t.Peer.LingerState = new LingerOption(true, 0);
        t.Peer.Close();

        await Assert.ThrowsAsync<ConnectionResetException>(() => pending.WaitAsync(Waits.Short));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_waiting_read_returns_it_as_cancelled_and_reading_goes_on(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var pending = t.Server.Input.ReadAsync();
        t.Server.Input.CancelPendingRead();
        var cancelled = await pending.AsTask().WaitAsync(Waits.Short);
        Assert.True(cancelled.IsCanceled);
        t.Server.Input.AdvanceTo(cancelled.Buffer.End);

        await t.Peer.SendAsync("after\n"u8.ToArray());
        var result = await t.ReadAtLeastAsync(6);
        Assert.False(result.IsCanceled);
        Assert.Equal("after\n", Encoding.ASCII.GetString(result.Buffer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_before_a_read_cancels_that_read(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        t.Server.Input.CancelPendingRead();
        var result = await t.Server.Input.ReadAsync().AsTask().WaitAsync(Waits.Short);
        Assert.True(result.IsCanceled);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancelled_token_ends_a_waiting_read_with_OperationCanceledException(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        using var cts = new CancellationTokenSource();
        var pending = t.Server.Input.ReadAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Waits.Short));

        await t.Peer.SendAsync("x"u8.ToArray());
        var result = await t.ReadAtLeastAsync(1);
        Assert.Equal("x", Encoding.ASCII.GetString(result.Buffer));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aborting_ends_a_waiting_read(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        var pending = t.Server.Input.ReadAsync().AsTask();
        t.Server.Abort(new ConnectionAbortedException("test"));
        await Assert.ThrowsAsync<ConnectionAbortedException>(() => pending.WaitAsync(Waits.Short));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_consumer_that_does_not_consume_stops_the_receiving_near_the_limit_and_resumes_it_by_consuming(bool onLoop)
    {
        const int limit = 16_384;
        await using var t = await LeanTransportFixture.ConnectAsync(new ConnectionOptions { MaxReadBufferBytes = limit }, onLoop);
        var payload = new byte[limit * 4];
        Random.Shared.NextBytes(payload);
        var sending = t.Peer.SendAsync(payload);

        var full = await t.ReadAtLeastAsync(limit);
        Assert.InRange(full.Buffer.Length, limit, 2 * limit);

        using var received = new MemoryStream();
        var result = full;
        while (received.Length < payload.Length)
        {
            Assert.True(result.Buffer.Length < 2 * limit);
            var half = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, limit / 2));
            received.Write(half.ToArray());
            t.Server.Input.AdvanceTo(half.End);
            if (received.Length < payload.Length)
            {
                result = await t.Server.Input.ReadAsync().AsTask().WaitAsync(Waits.Short);
            }
        }

        await sending.WaitAsync(Waits.Short);
        Assert.Equal(payload, received.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_with_nothing_buffered_holds_no_buffers(bool onLoop)
    {
        await using var t = await LeanTransportFixture.ConnectAsync(onLoop: onLoop);
        await t.Peer.SendAsync("PING x\n"u8.ToArray());
        var result = await t.ReadAtLeastAsync(7);
        Assert.True(t.Server.Input.HoldsBuffer);
        t.Server.Input.AdvanceTo(result.Buffer.End);

        t.Server.Output.Write("PONG x\n"u8);
        await t.Server.Output.FlushAsync().AsTask().WaitAsync(Waits.Short);

        // Waiting for the next line (a zero-byte receive, or the loop's watch): no buffer on either side.
        var waiting = t.Server.Input.ReadAsync();
        Assert.False(waiting.IsCompleted);
        Assert.False(t.Server.Input.HoldsBuffer);
        Assert.False(t.Server.Output.HoldsBuffer);
        t.Server.Input.CancelPendingRead();
        await waiting;
    }
}
