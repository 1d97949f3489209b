using System.Net;
using System.Net.Sockets;
using Parley.Bench.Net;
using Parley.Bench.Scenarios;

namespace Parley.Bench.Tests;

public sealed class WindowAckersTests
{
    [Fact]
    public void A_large_room_is_acknowledged_by_members_spread_over_its_non_senders_from_the_last()
    {
        // 100 members from id 1000, the first 10 send.
        var ackers = TrafficPlans.AckersOf(firstMember: 1000, members: 100, sendersPerRoom: 10, sender: 1003);

        Assert.Equal(TrafficPlans.MaxAckers, ackers.Length);
        Assert.Equal(1099, ackers[0]);
        Assert.All(ackers, a => Assert.InRange(a, 1010, 1099));
        Assert.Equal(ackers.Length, ackers.Distinct().Count());
        // Both parities: the generator spreads consecutive sockets over its epoll threads.
        Assert.Contains(ackers, a => a % 2 == 0);
        Assert.Contains(ackers, a => a % 2 == 1);
    }

    [Fact]
    public void A_room_where_everyone_sends_never_makes_the_sender_its_own_acker()
    {
        var ackers = TrafficPlans.AckersOf(firstMember: 0, members: 3, sendersPerRoom: 3, sender: 2);

        Assert.Equal([1, 0], ackers);
    }

    [Fact]
    public void A_small_room_has_as_many_ackers_as_non_senders()
    {
        Assert.Equal([19, 18, 17], TrafficPlans.AckersOf(firstMember: 10, members: 10, sendersPerRoom: 7, sender: 10));
    }

    [Fact]
    public async Task A_message_frees_its_window_slot_only_when_the_last_of_its_ackers_has_it()
    {
        var target = new Target([], ExpectedReceivers: 9, Ackers: [9, 8, 7]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var client = await BenchClient.ConnectAsync(
            listener.LocalEndpoint, source: null, id: 0, bufferSize: 1024, CancellationToken.None);
        var sender = new Sender(0, client, new FixedTarget(target), window: 2, "\n"u8.ToArray(), padding: 0);
        Assert.Equal(2, sender.Window.CurrentCount);
        Assert.True(sender.Window.Wait(0));
        Assert.True(sender.Window.Wait(0));

        sender.Acknowledge(seq: 0);
        sender.Acknowledge(seq: 1);
        sender.Acknowledge(seq: 0);
        Assert.Equal(0, sender.Window.CurrentCount);

        sender.Acknowledge(seq: 0);
        Assert.Equal(1, sender.Window.CurrentCount);
        Assert.Equal(Payload.SharedAckers, target.PayloadAcker);
        Assert.True(sender.IsSharedAcker(8));
        Assert.False(sender.IsSharedAcker(6));
    }

    [Fact]
    public void A_private_message_names_its_one_acker_in_the_payload()
    {
        var target = new Target([], ExpectedReceivers: 1, Ackers: [42]);

        Assert.Equal(42, target.PayloadAcker);
        Assert.Empty(new FixedTarget(target).SharedAckers);
    }
}
