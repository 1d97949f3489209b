using Microsoft.Extensions.Logging.Abstractions;
using Parley.Core.Hubs;
using Parley.Core.Storage;

namespace Parley.Core.Tests.Hubs;

/// <summary>How a committed batch reaches a room's members: packed into a few buffers per format, each member's
/// share as the fewest slices, in commit order, without the member's own messages.</summary>
public sealed class FanOutTests
{
    private readonly Hub _hub = new(new HubOptions(), NullMessageStore.Instance, TimeProvider.System, NullLogger<Hub>.Instance);

    private FakeSession Member(string nick, string room)
    {
        var session = new FakeSession(nick);
        Assert.Equal(HubResult.Ok, _hub.Register(session));
        _hub.Join(session, room);
        return session;
    }

    /// <summary>alice, bob and carol in #r, their join notices drained.</summary>
    private (FakeSession Alice, FakeSession Bob, FakeSession Carol) ThreeInRoom()
    {
        var members = new[] { Member("alice", "#r"), Member("bob", "#r"), Member("carol", "#r") };
        Array.ForEach(members, m => m.Drain());
        return (members[0], members[1], members[2]);
    }

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(line => line + "\n"));

    [Fact]
    public void A_busy_rooms_batch_reaches_a_member_as_one_queued_item_not_one_per_message()
    {
        var (alice, bob, carol) = ThreeInRoom();

        for (var i = 1; i <= 25; i++)
        {
            _hub.SendToRoom(alice, "#r", MessageKind.Say, $"a{i}");
        }

        _hub.SendToRoom(carol, "#r", MessageKind.Say, "c");
        for (var i = 26; i <= 50; i++)
        {
            _hub.SendToRoom(alice, "#r", MessageKind.Say, $"a{i}");
        }

        _hub.FlushJournal();

        var fromAlice = Enumerable.Range(1, 50).Select(i => $"alice: a{i} #{(i <= 25 ? i : i + 1)}").ToList();
        var all = fromAlice.Take(25).Append("carol: c #26").Concat(fromAlice.Skip(25)).ToList();
        Assert.Equal([Lines(all)], bob.DrainItems());
        // carol's share has a hole where her own message was: two slices of the same buffer.
        Assert.Equal([Lines(fromAlice.Take(25)), Lines(fromAlice.Skip(25))], carol.DrainItems());
        Assert.Equal([Lines(["carol: c #26"])], alice.DrainItems());
    }

    [Fact]
    public void A_run_larger_than_one_buffer_is_cut_between_messages_and_arrives_whole_and_in_order()
    {
        var alice = Member("alice", "#r");
        var bob = Member("bob", "#r");
        bob.Drain();
        var text = new string('x', 1000);
        const int messages = 40; // about 40 KB: three buffers of at most 16 KiB
        for (var i = 0; i < messages; i++)
        {
            _hub.SendToRoom(alice, "#r", MessageKind.Say, text);
        }

        _hub.FlushJournal();

        var items = bob.DrainItems();
        Assert.Equal(3, items.Count);
        Assert.All(items, item =>
        {
            Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(item), 1, FanOut.PackedBufferBytes);
            Assert.EndsWith("\n", item, StringComparison.Ordinal);
        });
        var lines = string.Concat(items).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, messages).Select(i => $"alice: {text} #{i}"), lines);
    }

    [Fact]
    public void A_lone_message_reaches_every_other_member_as_one_item()
    {
        var members = Enumerable.Range(0, 4).Select(i => Member($"m{i}", "#r")).ToList();
        members.ForEach(m => m.Drain());

        _hub.SendToRoom(members[0], "#r", MessageKind.Say, "hi");
        _hub.FlushJournal();

        Assert.Empty(members[0].DrainItems());
        Assert.All(members.Skip(1), m => Assert.Equal(["m0: hi #1\n"], m.DrainItems()));
    }

    [Fact]
    public void A_member_who_sent_most_of_a_buffer_gets_a_copy_of_the_rest_not_slices_that_keep_the_buffer_alive()
    {
        var (alice, bob, carol) = ThreeInRoom();
        for (var i = 1; i <= 30; i++)
        {
            _hub.SendToRoom(alice, "#r", MessageKind.Say, $"a{i}");
            if (i is 10 or 20)
            {
                _hub.SendToRoom(bob, "#r", MessageKind.Say, $"b{i}");
            }
        }

        _hub.FlushJournal();

        // alice keeps 2 of 32 lines: one compact item of exactly those bytes.
        var forAlice = Assert.Single(alice.DrainRaw());
        Assert.Equal(Lines(["bob: b10 #11", "bob: b20 #22"]), System.Text.Encoding.UTF8.GetString(forAlice.Span));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(forAlice, out var own));
        Assert.Equal(forAlice.Length, own.Array!.Length);

        // bob keeps 30 of 32: slices of the shared buffer around his two lines.
        var forBob = bob.DrainRaw();
        Assert.Equal(3, forBob.Count);
        Assert.All(forBob, item =>
        {
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(item, out var shared));
            Assert.True(shared.Array!.Length > item.Length);
        });
        Assert.Single(carol.DrainRaw());
    }
}
