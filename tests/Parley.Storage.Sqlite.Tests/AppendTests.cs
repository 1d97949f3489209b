using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

public sealed class AppendTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteMessageStore _store;

    public AppendTests() => _store = SqliteMessageStore.Open(_dir.Options());

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Append_then_read_back_keeps_every_field_and_millisecond_times()
    {
        // 0.4567 ms past a whole millisecond: the store keeps milliseconds (server-time precision), not ticks.
        var time = Messages.T0.AddTicks(4567);
        var room = new StoredMessage("id-room", time, "#general", 1, MessageKind.Action, "Alice", "alice-account", null,
            "waves 👋 at \"everyone\"", "~alice", "alice.example");
        var dm = new StoredMessage("id-dm", time.AddMilliseconds(1), ConversationKey.ForPrivate("bob", "alice"), 1,
            MessageKind.Notice, "Bob", null, "Alice", "psst");

        _store.Append([room, dm]);

        var readRoom = Assert.Single(_store.Latest("#general", 10));
        Assert.Equal(room with { Time = Messages.T0 }, readRoom);
        Assert.Equal(TimeSpan.Zero, readRoom.Time.Offset);
        var readDm = Assert.Single(_store.Latest("@alice,bob", 10));
        Assert.Equal(dm with { Time = Messages.T0.AddMilliseconds(1) }, readDm);
        Assert.True(readDm.IsPrivate);
        Assert.Equal("", readDm.SenderUser);
    }

    [Fact]
    public void Batches_read_back_in_sequence_order()
    {
        _store.Append(Messages.Run("#a", 3));
        _store.Append(Messages.Run("#a", 3, first: 4));
        _store.Append(Messages.Run("#b", 2));

        Assert.Equal(Messages.Range(1, 6), Messages.Seqs(_store.Latest("#a", 100)));
        Assert.Equal(6, _store.LastSequence("#a"));
        Assert.Equal(2, _store.LastSequence("#b"));
        Assert.Equal(0, _store.LastSequence("#nobody"));
    }

    [Fact]
    public void An_empty_batch_does_nothing()
    {
        _store.Append([]);
        Assert.Empty(_store.Latest("#a", 10));
    }

    [Fact]
    public void A_message_that_collides_with_a_stored_one_is_skipped_and_the_rest_flows_on()
    {
        var first = Messages.Room("#a", 1);
        _store.Append([first]);

        // The second message reuses a msgid (only a bug could do that): it must not wedge the write-out of the
        // messages around it, nor of the batches after it.
        _store.Append([Messages.Room("#a", 2), first with { Sequence = 3 }, Messages.Room("#a", 4)]);
        _store.Append([Messages.Room("#a", 5)]);
        _store.WriteOutPending();

        Assert.Equal([1L, 2L, 4L, 5L], Messages.Seqs(_store.Latest("#a", 10)));
        Assert.Equal(1, _store.SkippedConflicts);
        Assert.Equal(0, _store.PendingBatches);
    }

    [Fact]
    public void Appended_batches_are_written_out_in_the_background_without_any_read()
    {
        _store.Append(Messages.Run("#a", 3));

        Assert.True(SpinWait.SpinUntil(() => _store.PendingBatches == 0, TimeSpan.FromSeconds(10)));
        Assert.Equal(3, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM messages"));
        Assert.Equal(1, RawDatabase.Scalar(_dir.File(), "SELECT written_up_to FROM write_out_state"));
    }

    [Fact]
    public void Find_returns_the_message_or_null()
    {
        var message = Messages.Room("#a", 1);
        _store.Append([message]);

        Assert.Equal(message.MsgId, _store.Find(message.MsgId)?.MsgId);
        Assert.Null(_store.Find("no-such-id"));
    }

    [Fact]
    public void Reads_after_dispose_throw_ObjectDisposedException()
    {
        _store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _store.Latest("#a", 1));
        Assert.Throws<ObjectDisposedException>(() => _store.Append([Messages.Room("#a", 1)]));
        _store.Dispose(); // twice is fine
    }
}
