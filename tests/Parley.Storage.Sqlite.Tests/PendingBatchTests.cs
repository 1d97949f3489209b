using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>Schema version 3: a batch is committed as one pending row and written out to messages later.</summary>
public sealed class PendingBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_codec_keeps_every_field_including_missing_ones_and_any_unicode()
    {
        var time = Messages.T0.AddMilliseconds(7);
        List<StoredMessage> batch =
        [
            new("0194a1b2c3d4e5f60718293a4b5c6d7e", time, "#général", 41, MessageKind.Action, "Zoë", "zoe", null, "waves 👋 \"at\" everyone", "~zoe", "zoe.example"),
            new("id-2", time, ConversationKey.ForPrivate("a", "b"), 1, MessageKind.Notice, "a", null, "b", "", "", ""),
        ];

        Assert.Equal(batch, PendingBatchCodec.Decode(PendingBatchCodec.Encode(batch)));
    }

    [Fact]
    public void Batches_left_pending_by_a_crash_are_written_out_at_the_next_open()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        // What a crash right after Append leaves: committed rows in pending_batches, none in messages.
        InsertPending(Messages.Run("#a", 3));
        InsertPending(Messages.Run("#a", 2, first: 4));

        using var store = SqliteMessageStore.Open(_dir.Options());

        Assert.Equal(0, store.PendingBatches);
        Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
        Assert.Equal(5, store.LastSequence("#a"));
        Assert.Equal(0, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM pending_batches"));
    }

    [Fact]
    public void An_unreadable_pending_batch_refuses_the_start_with_a_clear_error()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        RawDatabase.Execute(_dir.File(), "INSERT INTO pending_batches (rows) VALUES (x'09000000')");

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains("committed batch cannot be read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_read_sees_what_was_appended_before_it()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        for (var seq = 1; seq <= 50; seq++)
        {
            var message = Messages.Room("#a", seq, $"word{seq} hello");
            store.Append([message]);

            Assert.Equal(seq, store.LastSequence("#a"));
            Assert.Equal(message.MsgId, store.Find(message.MsgId)?.MsgId);
            Assert.Single(store.Search(null, null, $"word{seq}", 10));
        }
    }

    private void InsertPending(List<StoredMessage> batch)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _dir.File(), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO pending_batches (rows) VALUES ($rows)";
        command.Parameters.AddWithValue("$rows", PendingBatchCodec.Encode(batch));
        command.ExecuteNonQuery();
    }
}
