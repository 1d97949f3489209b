namespace Parley.Bench.Scenarios;

/// <summary>The plans of the message scenarios.</summary>
public static class TrafficPlans
{
    /// <summary>
    /// <paramref name="rooms"/> rooms of <paramref name="members"/> clients; the first
    /// <paramref name="sendersPerRoom"/> members of each room send to it. The acker of a room is
    /// its last member (a non-sender when there is one), so the window measures the full relay.
    /// </summary>
    public static TrafficPlan Rooms(
        string scenario, int rooms, int members, int sendersPerRoom, double? rate, int window, int padding,
        Func<int, string> roomName, IReadOnlyList<(string, double)> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendersPerRoom, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sendersPerRoom, members);
        var senders = new List<int>();
        for (var r = 0; r < rooms; r++)
        {
            for (var k = 0; k < sendersPerRoom; k++)
            {
                senders.Add((r * members) + k);
            }
        }

        return new TrafficPlan
        {
            Scenario = scenario,
            Clients = rooms * members,
            RoomOf = i => roomName(i / members),
            SenderClients = senders,
            Rate = rate,
            Window = window,
            Padding = padding,
            Parameters = parameters,
            Targets = (i, dialect, clients) =>
            {
                var clientId = senders[i];
                var room = clientId / members;
                var last = (room * members) + members - 1;
                // When everyone sends, the last member cannot ack its own messages: use the first.
                var acker = clientId == last ? room * members : last;
                return new FixedTarget(new Target(dialect.RoomMessagePrefix(roomName(room)), members - 1, acker));
            },
        };
    }

    /// <summary>Every client sends private messages to uniformly random other clients.</summary>
    public static TrafficPlan PrivateMessages(int clients, double? rate, int window, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 2);
        Target[]? peers = null;
        return new TrafficPlan
        {
            Scenario = "pm",
            Clients = clients,
            RoomOf = _ => null,
            SenderClients = [.. Enumerable.Range(0, clients)],
            Rate = rate,
            Window = window,
            Padding = padding,
            Parameters = [("clients", clients), ("senders", clients)],
            Targets = (i, dialect, all) =>
            {
                // One prefix per recipient, shared by all senders.
                peers ??= [.. all.Select(c => new Target(dialect.PrivateMessagePrefix(c.Nick), 1, c.Id))];
                return new RandomPeerTarget(peers, i, seed: i);
            },
        };
    }
}
