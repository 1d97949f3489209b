namespace Parley.Bench.Scenarios;

/// <summary>The plans of the message scenarios.</summary>
public static class TrafficPlans
{
    /// <summary>
    /// <paramref name="rooms"/> rooms of <paramref name="members"/> clients; the first
    /// <paramref name="sendersPerRoom"/> members of each room send to it. A message leaves its sender's window once
    /// every one of its room's ackers has it (<see cref="AckersOf"/>), so the window measures the full relay.
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
                var ackers = AckersOf(room * members, members, sendersPerRoom, clientId);
                return new FixedTarget(new Target(dialect.RoomMessagePrefix(roomName(room)), members - 1, ackers));
            },
        };
    }

    /// <summary>The most members of a room that acknowledge each of its messages.</summary>
    public const int MaxAckers = 8;

    /// <summary>
    /// The members of a room whose receipt of a message frees its sender's window slot: up to <see cref="MaxAckers"/>,
    /// spread evenly over the room's non-senders from its last member down (over everyone but the sender when all
    /// send). One acker is not enough: the window then bounds only what reaches that one client, and a receiver the
    /// generator reads later than the acker (its sockets are spread over one epoll thread per core) falls behind
    /// without bound while the senders keep going; a run then measures that backlog, not the server
    /// (docs/benchmarks.md, *One acker per room*). Spread members land on every such thread.
    /// </summary>
    public static int[] AckersOf(int firstMember, int members, int sendersPerRoom, int sender)
    {
        var candidates = Enumerable.Range(firstMember, members)
            .Where(c => sendersPerRoom < members ? c - firstMember >= sendersPerRoom : c != sender)
            .Reverse()
            .ToArray();
        var count = Math.Min(MaxAckers, candidates.Length);
        return [.. Enumerable.Range(0, count).Select(k => candidates[k * candidates.Length / count])];
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
                peers ??= [.. all.Select(c => new Target(dialect.PrivateMessagePrefix(c.Nick), 1, [c.Id]))];
                return new RandomPeerTarget(peers, i, seed: i);
            },
        };
    }
}
