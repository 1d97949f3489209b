using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>The in-memory rings of newest messages, alone (the store's use of them is tested below them).</summary>
public sealed class RecentMessagesTests
{
    private static List<StoredMessage> Run(string target, long first, long last) =>
        Messages.Run(target, (int)(last - first + 1), first);

    private static RecentMessages Filled(string target, IReadOnlyList<StoredMessage> loaded, int perConversation = 5, int conversations = 10)
    {
        var recent = new RecentMessages(perConversation, conversations);
        recent.CompleteFill(recent.BeginFill(target)!, loaded);
        return recent;
    }

    [Fact]
    public void A_conversation_is_answered_only_once_its_ring_is_filled()
    {
        var recent = new RecentMessages(5, 10);
        Assert.Null(recent.TryLatest("#a", 3));

        var fill = recent.BeginFill("#a")!;
        Assert.Null(recent.TryLatest("#a", 3)); // still loading
        Assert.Null(recent.BeginFill("#a")); // one fill at a time

        recent.CompleteFill(fill, Run("#a", 1, 3));
        Assert.Equal([2L, 3], Messages.Seqs(recent.TryLatest("#a", 2)!));
    }

    [Fact]
    public void Messages_committed_while_a_fill_loads_are_kept_once_each()
    {
        var recent = new RecentMessages(10, 10);
        var fill = recent.BeginFill("#a")!;
        recent.Added(Run("#a", 3, 4)); // committed after the fill began: 3 was also loaded, 4 was not
        recent.Added(Run("#b", 1, 2)); // another conversation, no ring: ignored

        recent.CompleteFill(fill, Run("#a", 1, 3));

        Assert.Equal([1L, 2, 3, 4], Messages.Seqs(recent.TryLatest("#a", 10)!));
        Assert.Null(recent.TryLatest("#b", 1));
    }

    [Fact]
    public void A_ring_keeps_the_newest_messages_and_longer_reads_are_not_answered()
    {
        var recent = Filled("#a", Run("#a", 1, 3));
        recent.Added(Run("#a", 4, 8));

        Assert.Equal([4L, 5, 6, 7, 8], Messages.Seqs(recent.TryLatest("#a", 5)!));
        Assert.Equal([6L, 7, 8], Messages.Seqs(recent.TryLatest("#a", 3)!));
        Assert.Null(recent.TryLatest("#a", 6));
    }

    [Fact]
    public void Clear_drops_every_ring_and_voids_fills_in_flight()
    {
        var recent = Filled("#a", Run("#a", 1, 3));
        var inFlight = recent.BeginFill("#b")!;

        recent.Clear();
        recent.CompleteFill(inFlight, Run("#b", 1, 2));

        Assert.Null(recent.TryLatest("#a", 1));
        Assert.Null(recent.TryLatest("#b", 1));
    }

    [Fact]
    public void An_abandoned_fill_can_be_started_again()
    {
        var recent = new RecentMessages(5, 10);
        recent.Abandon(recent.BeginFill("#a")!);

        Assert.Null(recent.TryLatest("#a", 1));
        Assert.NotNull(recent.BeginFill("#a"));
    }

    [Fact]
    public void The_least_recently_read_conversation_is_dropped_first()
    {
        var recent = Filled("#a", Run("#a", 1, 1), conversations: 2);
        recent.CompleteFill(recent.BeginFill("#b")!, Run("#b", 1, 1));
        Assert.NotNull(recent.TryLatest("#a", 1)); // #a read after #b was filled

        recent.CompleteFill(recent.BeginFill("#c")!, Run("#c", 1, 1));

        Assert.NotNull(recent.TryLatest("#a", 1));
        Assert.Null(recent.TryLatest("#b", 1));
        Assert.NotNull(recent.TryLatest("#c", 1));
    }

    [Fact]
    public void Committed_messages_are_kept_as_the_tables_return_them()
    {
        var recent = Filled("#a", []);
        var exact = Messages.Room("#a", 1, time: Messages.T0.AddTicks(1234).ToOffset(TimeSpan.FromHours(2)));

        recent.Added([exact]);

        var kept = Assert.Single(recent.TryLatest("#a", 1)!);
        Assert.Equal(TimeSpan.Zero, kept.Time.Offset);
        Assert.Equal(Messages.T0.ToUnixTimeMilliseconds(), kept.Time.ToUnixTimeMilliseconds());
        Assert.Equal(0, kept.Time.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void Turned_off_it_never_fills()
    {
        Assert.Null(new RecentMessages(0, 10).BeginFill("#a"));
        Assert.Null(new RecentMessages(5, 0).BeginFill("#a"));
    }

    [Fact]
    public void A_ring_gives_back_every_field_of_its_newest_messages_after_many_come_and_go()
    {
        var recent = Filled("#a", [], perConversation: 7);
        var sent = new List<StoredMessage>();
        var random = new Random(5015);
        for (var seq = 1; seq <= 2_000; seq++)
        {
            // Sizes from empty to long, so that records move to the front and the ring's array grows and shrinks.
            var text = new string('x', random.Next(0, seq % 500 == 0 ? 20_000 : 300)) + " é👋";
            var message = seq % 3 == 0
                ? Messages.Room("#a", seq, text) with { SenderAccount = "acct", SenderUser = "~u", SenderHost = "h.example" }
                : Messages.Room("#a", seq, text, nick: "Zoë");
            sent.Add(message);
            recent.Added([message]);

            var take = 1 + (seq % 7);
            Assert.Equal(sent.TakeLast(take), recent.TryLatest("#a", take)!);
        }
    }

    [Fact]
    public void A_ring_lets_go_of_the_room_a_burst_of_long_messages_took()
    {
        var recent = new RecentMessages(4, 10);
        var fill = recent.BeginFill("#a")!;
        recent.CompleteFill(fill, []);
        var ring = fill.Ring;
        recent.Added([.. Enumerable.Range(1, 4).Select(seq => Messages.Room("#a", seq, new string('x', 50_000)))]);
        var afterBurst = ring.CapacityBytes;

        recent.Added([.. Enumerable.Range(5, 40).Select(seq => Messages.Room("#a", seq, "short"))]);

        Assert.True(ring.CapacityBytes < afterBurst / 4, $"{ring.CapacityBytes} bytes held after a burst of {afterBurst}");
        Assert.Equal(Messages.Range(41, 44), Messages.Seqs(recent.TryLatest("#a", 4)!));
    }
}
