using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Hubs;

public sealed class HubTests
{
    private readonly Hub _hub = new(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);

    private FakeSession Registered(string nick, bool echo = false)
    {
        var session = new FakeSession(nick, echo);
        Assert.Equal(HubResult.Ok, _hub.Register(session));
        return session;
    }

    /// <summary>alice and bob, both in #a and #b, bob's join notices drained.</summary>
    private (FakeSession Alice, FakeSession Bob) TwoUsersInTwoRooms()
    {
        var alice = Registered("alice");
        var bob = Registered("bob");
        foreach (var room in new[] { "#a", "#b" })
        {
            _hub.Join(alice, room);
            _hub.Join(bob, room);
        }

        bob.Drain();
        return (alice, bob);
    }

    [Fact]
    public void Nicks_are_unique_case_insensitively()
    {
        Registered("Alice");
        Assert.Equal(HubResult.NickInUse, _hub.Register(new FakeSession("aLICE")));
        var bob = Registered("bob");
        Assert.Equal(HubResult.NickInUse, _hub.ChangeNick(bob, "ALICE"));
        Assert.Equal(HubResult.InvalidNick, _hub.ChangeNick(bob, "no way"));
        Assert.Equal(HubResult.Ok, _hub.ChangeNick(bob, "Bob"));
        Assert.Same(bob, _hub.FindUser("BOB"));
    }

    [Fact]
    public void The_first_to_join_creates_the_room_as_operator_and_the_last_to_leave_removes_it()
    {
        var alice = Registered("alice");
        var bob = Registered("bob");
        var (result, room) = _hub.Join(alice, "#rust");
        Assert.Equal(HubResult.Ok, result);
        Assert.True(room!.MembershipOf(alice)!.IsOperator);
        _hub.Join(bob, "#RUST");
        Assert.False(room.MembershipOf(bob)!.IsOperator);
        Assert.Equal(["join bob #rust"], alice.Drain());
        _hub.Part(alice, "#rust", null);
        _hub.Part(bob, "#rust", null);
        Assert.Null(_hub.FindRoom("#rust"));
    }

    [Fact]
    public void Room_messages_wait_for_the_commit_then_reach_the_others_once_rendered_once()
    {
        var members = Enumerable.Range(0, 5).Select(i => Registered($"m{i}")).ToList();
        foreach (var member in members)
        {
            _hub.Join(member, "#r");
        }

        members.ForEach(m => m.Drain());
        _hub.SendToRoom(members[0], "#r", MessageKind.Say, "hi");
        Assert.All(members, m => Assert.Empty(m.Drain()));

        FakeSession.Format.Renders = 0;
        _hub.FlushJournal();
        Assert.Equal(1, FakeSession.Format.Renders);
        Assert.Empty(members[0].Drain());
        Assert.All(members.Skip(1), m => Assert.Equal(["m0: hi #1"], m.Drain()));
    }

    [Fact]
    public void A_batch_reaches_every_member_in_commit_order_once_each_across_rooms_and_private_messages()
    {
        var alice = Registered("alice", echo: true);
        var bob = Registered("bob");
        var carol = Registered("carol");
        foreach (var member in new[] { alice, bob, carol })
        {
            _hub.Join(member, "#a");
        }

        _hub.Join(bob, "#b");
        _hub.Join(carol, "#b");
        new[] { alice, bob, carol }.ToList().ForEach(m => m.Drain());

        // One batch: runs of #a, then #b, a private message, and #a again.
        _hub.SendToRoom(alice, "#a", MessageKind.Say, "1");
        _hub.SendToRoom(bob, "#a", MessageKind.Say, "2");
        _hub.SendToRoom(bob, "#b", MessageKind.Say, "3");
        _hub.SendToUser(alice, "carol", MessageKind.Say, "4");
        _hub.SendToRoom(carol, "#a", MessageKind.Say, "5");
        _hub.SendToRoom(carol, "#a", MessageKind.Say, "6");
        FakeSession.Format.Renders = 0;
        _hub.FlushJournal();

        Assert.Equal(["alice: 1 #1", "bob: 2 #2", "alice: 4 #1", "carol: 5 #3", "carol: 6 #4"], alice.Drain());
        Assert.Equal(["alice: 1 #1", "carol: 5 #3", "carol: 6 #4"], bob.Drain());
        Assert.Equal(["alice: 1 #1", "bob: 2 #2", "bob: 3 #1", "alice: 4 #1"], carol.Drain());

        // Each room message rendered once for all its members; the private one once per reader (carol, alice's echo).
        Assert.Equal(7, FakeSession.Format.Renders);
    }

    [Fact]
    public void Echo_message_sends_the_message_back_to_its_sender()
    {
        var alice = Registered("alice", echo: true);
        var bob = Registered("bob");
        _hub.SendToUser(alice, "bob", MessageKind.Say, "psst");
        _hub.FlushJournal();
        Assert.Equal(["alice: psst #1"], bob.Drain());
        Assert.Equal(["alice: psst #1"], alice.Drain());
    }

    [Fact]
    public void Sequences_count_per_target()
    {
        var (alice, bob) = TwoUsersInTwoRooms();
        _hub.SendToRoom(alice, "#a", MessageKind.Say, "1");
        _hub.SendToRoom(alice, "#b", MessageKind.Say, "2");
        _hub.SendToRoom(alice, "#a", MessageKind.Say, "3");
        _hub.FlushJournal();
        Assert.Equal(["alice: 1 #1", "alice: 2 #1", "alice: 3 #2"], bob.Drain());
    }

    [Fact]
    public void A_store_failure_delivers_nothing_and_tells_the_sender()
    {
        var hub = new Hub(new HubOptions(), new TestStore(), TimeProvider.System, NullLogger<Hub>.Instance);
        var alice = new FakeSession("alice");
        var bob = new FakeSession("bob");
        hub.Register(alice);
        hub.Register(bob);
        hub.SendToUser(alice, "bob", MessageKind.Say, "lost");
        hub.FlushJournal();
        Assert.Empty(bob.Drain());
        Assert.Equal(["ServerNoticeEvent"], alice.Drain());
    }

    [Fact]
    public void Disconnect_tells_room_mates_once_and_frees_the_nick()
    {
        var (alice, bob) = TwoUsersInTwoRooms();
        _hub.Disconnect(alice, "Connection lost");
        _hub.Disconnect(alice, "again");
        Assert.Equal(["quit alice Connection lost"], bob.Drain());
        Assert.Null(_hub.FindUser("alice"));
        Assert.Equal(["graceful", "graceful"], alice.Closes);
    }

    [Fact]
    public void Bans_invites_keys_and_limits_guard_entry()
    {
        var op = Registered("op");
        var guest = Registered("guest");
        var (_, room) = _hub.Join(op, "#club");
        _hub.ApplyTestModes(room!, key: "sesame", limit: 2, inviteOnly: false, banMask: null);
        Assert.Equal(HubResult.BadKey, _hub.Join(guest, "#club").Result);
        Assert.Equal(HubResult.Ok, _hub.Join(guest, "#club", "sesame").Result);
        var third = Registered("third");
        Assert.Equal(HubResult.RoomFull, _hub.Join(third, "#club", "sesame").Result);
        Assert.Equal(HubResult.Ok, _hub.Join(third, "#club", "sesame", overridePrivileges: true).Result);

        var (_, closed) = _hub.Join(op, "#closed");
        _hub.ApplyTestModes(closed!, key: null, limit: null, inviteOnly: true, banMask: "guest!*@*");
        Assert.Equal(HubResult.Banned, _hub.Join(guest, "#closed").Result);
        Assert.Equal(HubResult.InviteOnly, _hub.Join(third, "#closed").Result);
        Assert.Equal(HubResult.Ok, _hub.Invite(op, "guest", "#closed").Result);
        Assert.Equal(HubResult.Ok, _hub.Join(guest, "#closed").Result);
    }

    /// <summary>A hub over a recording store, with alice and bob registered (bob's notices drained).</summary>
    private static (Hub Hub, TestStore Store, List<StoredMessage> Appended, FakeSession Alice, FakeSession Bob) HubWithAliceAndBob(TimeProvider clock)
    {
        List<StoredMessage> appended = [];
        var store = new TestStore { Appended = appended };
        var hub = new Hub(new HubOptions(), store, clock, NullLogger<Hub>.Instance);
        var alice = new FakeSession("alice");
        var bob = new FakeSession("bob");
        hub.Register(alice);
        hub.Register(bob);
        bob.Drain();
        return (hub, store, appended, alice, bob);
    }

    [Fact]
    public void Message_times_never_go_back_when_the_clock_does()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero) };
        var (hub, _, appended, alice, _) = HubWithAliceAndBob(clock);

        hub.SendToUser(alice, "bob", MessageKind.Say, "before the step");
        var before = clock.Now;
        clock.Now = before.AddHours(-1); // an NTP step back
        hub.SendToUser(alice, "bob", MessageKind.Say, "during");
        clock.Now = before.AddSeconds(1);
        hub.SendToUser(alice, "bob", MessageKind.Say, "after");
        hub.FlushJournal();

        Assert.Equal([before, before, before.AddSeconds(1)], appended.Select(m => m.Time));
    }

    [Fact]
    public void A_round_of_a_few_dozen_messages_is_committed_and_delivered_by_the_hub_itself_and_a_bigger_one_by_the_journal()
    {
        var (hub, store, appended, alice, bob) = HubWithAliceAndBob(TimeProvider.System);

        for (var i = 0; i < 64; i++)
        {
            hub.SendToUser(alice, "bob", MessageKind.Say, $"small {i}");
        }

        hub.EndRound();
        // Committed and delivered before EndRound returned, on this thread: no hand-off.
        Assert.Equal([Environment.CurrentManagedThreadId], store.AppendThreads);
        Assert.Equal(64, bob.Drain().Count(line => line.Contains("small", StringComparison.Ordinal)));

        for (var i = 0; i < 65; i++)
        {
            hub.SendToUser(alice, "bob", MessageKind.Say, $"big {i}");
        }

        hub.EndRound();
        hub.FlushJournal();
        Assert.Equal(2, store.AppendThreads.Count);
        Assert.NotEqual(Environment.CurrentManagedThreadId, store.AppendThreads[1]);
        Assert.Equal(129, appended.Count);
        hub.StopJournal();
    }

    [Fact]
    public void Message_times_are_whole_milliseconds_in_utc_as_the_store_keeps_them()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(12_345) };
        var (hub, _, appended, alice, _) = HubWithAliceAndBob(clock);

        hub.SendToUser(alice, "bob", MessageKind.Say, "hello");
        hub.FlushJournal();

        var time = Assert.Single(appended).Time;
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.Equal(0, time.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(clock.Now.UtcTicks - 2_345, time.UtcTicks);
    }

    [Fact]
    public void After_a_failed_commit_its_conversations_number_on_from_what_the_store_holds()
    {
        var store = new TestStore { Appended = [] };
        var hub = new Hub(new HubOptions(), store, TimeProvider.System, NullLogger<Hub>.Instance);
        var alice = new FakeSession("alice");
        hub.Register(alice);
        hub.Register(new FakeSession("bob"));
        hub.Register(new FakeSession("carol"));

        hub.SendToUser(alice, "bob", MessageKind.Say, "1");
        hub.SendToUser(alice, "carol", MessageKind.Say, "1");
        hub.FlushJournal();
        store.FailuresLeft = 1;
        hub.SendToUser(alice, "bob", MessageKind.Say, "refused");
        hub.FlushJournal();
        hub.SendToUser(alice, "bob", MessageKind.Say, "2");
        hub.SendToUser(alice, "carol", MessageKind.Say, "2");
        hub.FlushJournal();

        Assert.Equal([1L, 2L], store.Appended.Where(m => m.Recipient == "bob").Select(m => m.Sequence));
        Assert.Equal([1L, 2L], store.Appended.Where(m => m.Recipient == "carol").Select(m => m.Sequence));
    }

    [Fact]
    public void Past_its_bound_the_sequence_cache_forgets_the_idle_conversations_and_keeps_the_ones_in_use()
    {
        var store = new TestStore { Appended = [] };
        var hub = new Hub(new HubOptions { SequenceCacheConversations = 4 }, store, TimeProvider.System, NullLogger<Hub>.Instance);
        var alice = new FakeSession("alice");
        hub.Register(alice);
        foreach (var nick in new[] { "bob", "carol", "dave" })
        {
            hub.Register(new FakeSession(nick));
        }

        hub.SendToUser(alice, "bob", MessageKind.Say, "1");
        hub.SendToUser(alice, "bob", MessageKind.Say, "2");
        hub.SendToUser(alice, "carol", MessageKind.Say, "1");
        hub.FlushJournal();
        Assert.Equal(2, hub.Journal.CachedSequences); // a full generation turns, nothing is forgotten yet
        Assert.Equal(2, store.LastSequenceCalls); // once per new conversation

        hub.SendToUser(alice, "bob", MessageKind.Say, "3"); // in use again: kept
        hub.SendToUser(alice, "dave", MessageKind.Say, "1");
        hub.FlushJournal();
        Assert.Equal(2, hub.Journal.CachedSequences); // carol, idle for a whole generation, is forgotten
        Assert.Equal(3, store.LastSequenceCalls);

        hub.SendToUser(alice, "bob", MessageKind.Say, "4");
        hub.SendToUser(alice, "carol", MessageKind.Say, "2");
        hub.FlushJournal();
        Assert.Equal(4, store.LastSequenceCalls); // only carol was asked of the store again
        Assert.Equal([1L, 2L, 3L, 4L], store.Appended.Where(m => m.Recipient == "bob").Select(m => m.Sequence));
        Assert.Equal([1L, 2L], store.Appended.Where(m => m.Recipient == "carol").Select(m => m.Sequence));
    }

    [Fact]
    public void Invisible_users_and_operators_are_counted_through_mode_changes_nick_changes_and_disconnects()
    {
        var early = new FakeSession("early");
        _hub.SetUserModes(early, invisible: true, bot: null); // before registration: counted when it registers
        Assert.Equal(0, _hub.InvisibleCount);
        Assert.Equal(HubResult.Ok, _hub.Register(early));
        var alice = Registered("alice");
        var bob = Registered("bob");
        Assert.Equal((1, 0), (_hub.InvisibleCount, _hub.OperatorCount));

        _hub.SetUserModes(alice, invisible: true, bot: null);
        _hub.SetUserModes(alice, invisible: true, bot: null);
        _hub.GrantServerOperator(bob);
        _hub.GrantServerOperator(bob);
        Assert.Equal((2, 1), (_hub.InvisibleCount, _hub.OperatorCount));

        Assert.Equal(HubResult.Ok, _hub.ChangeNick(bob, "robert"));
        _hub.SetUserModes(early, invisible: false, bot: null);
        Assert.Equal((1, 1), (_hub.InvisibleCount, _hub.OperatorCount));

        _hub.Disconnect(alice, "bye");
        _hub.Disconnect(bob, "bye");
        Assert.Equal((0, 0), (_hub.InvisibleCount, _hub.OperatorCount));
        Assert.Equal(_hub.Users.Count(u => u.IsInvisible), _hub.InvisibleCount);
    }

    /// <summary>Fails every append, or records them when <see cref="Appended"/> is set (and answers LastSequence from them).</summary>
    private sealed class TestStore : IMessageStore
    {
        public List<StoredMessage>? Appended { get; init; }

        /// <summary>Appends to fail before they are recorded.</summary>
        public int FailuresLeft { get; set; }

        /// <summary>The thread of each Append, to tell the hub's own commits from the Journal's thread's.</summary>
        public List<int> AppendThreads { get; } = [];

        public void Append(IReadOnlyList<StoredMessage> batch)
        {
            lock (AppendThreads)
            {
                AppendThreads.Add(Environment.CurrentManagedThreadId);
            }

            if (Appended is null || FailuresLeft-- > 0)
            {
                throw new IOException("disk full");
            }

            Appended.AddRange(batch);
        }

        /// <summary>How often the hub asked for a conversation's last sequence.</summary>
        public int LastSequenceCalls { get; private set; }

        public long LastSequence(string target)
        {
            LastSequenceCalls++;
            return Appended?.Where(m => m.Target == target).Select(m => m.Sequence).DefaultIfEmpty(0).Max() ?? 0;
        }

        public IReadOnlyList<StoredMessage> Latest(string target, int limit) => [];
        public IReadOnlyList<StoredMessage> Before(string target, HistoryAnchor anchor, int limit) => [];
        public IReadOnlyList<StoredMessage> After(string target, HistoryAnchor anchor, int limit) => [];
        public IReadOnlyList<StoredMessage> Around(string target, HistoryAnchor anchor, int limit) => [];
        public IReadOnlyList<StoredMessage> Between(string target, HistoryAnchor from, HistoryAnchor to, int limit) => [];
        public StoredMessage? Find(string msgId) => null;
        public IReadOnlyList<StoredMessage> Search(IReadOnlyCollection<string>? targets, string? privateOf, string words, int limit) => [];
        public IReadOnlyList<ConversationSummary> Targets(string foldedNick, IReadOnlyCollection<string> rooms, DateTimeOffset from, DateTimeOffset to, int limit) => [];
        public long ApplyRetention(RetentionPolicy policy, DateTimeOffset now) => 0;
        public void Dispose() { }
    }
}

internal static class HubTestExtensions
{
    /// <summary>Sets entry modes directly (the IRC door's MODE parsing is tested with the door).</summary>
    public static void ApplyTestModes(this Hub hub, Room room, string? key, int? limit, bool inviteOnly, string? banMask)
    {
        _ = hub;
        room.Key = key;
        room.UserLimit = limit;
        if (inviteOnly)
        {
            room.Flags |= RoomFlags.InviteOnly;
        }

        if (banMask is not null)
        {
            room.Bans.Add(new BanEntry(banMask, "test", DateTimeOffset.UnixEpoch));
        }
    }
}
