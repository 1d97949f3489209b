using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>Schema version 3: a batch is committed as one record of the commit log and written out to messages later.</summary>
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
    public void The_codec_writes_the_bytes_earlier_builds_wrote_with_a_BinaryWriter()
    {
        List<StoredMessage> batch =
        [
            new("0194a1b2c3d4e5f60718293a4b5c6d7e", Messages.T0, "#général", 41, MessageKind.Action, "Zoë", "zoe", null, new string('é', 300) + "👋", "~zoe", "zoe.example"),
            new("id-2", Messages.T0.AddDays(1), ConversationKey.ForPrivate("a", "b"), 1L << 40, MessageKind.Notice, "a", null, "b", "", "", ""),
        ];
        using var expected = new MemoryStream();
        using (var writer = new BinaryWriter(expected, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(batch.Count);
            foreach (var m in batch)
            {
                writer.Write(m.MsgId);
                writer.Write(m.Time.ToUnixTimeMilliseconds());
                writer.Write(m.Target);
                writer.Write(m.Sequence);
                writer.Write((byte)m.Kind);
                writer.Write(m.SenderNick);
                writer.Write(m.SenderAccount is not null);
                if (m.SenderAccount is not null)
                {
                    writer.Write(m.SenderAccount);
                }

                writer.Write(m.Recipient is not null);
                if (m.Recipient is not null)
                {
                    writer.Write(m.Recipient);
                }

                writer.Write(m.Text);
                writer.Write(m.SenderUser);
                writer.Write(m.SenderHost);
            }
        }

        Assert.Equal(expected.ToArray(), PendingBatchCodec.Encode(batch));
    }

    [Fact]
    public void A_truncated_or_corrupt_batch_is_refused_as_invalid_data()
    {
        var bytes = PendingBatchCodec.Encode(Messages.Run("#a", 3));

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => PendingBatchCodec.Decode(bytes[..length]));
        }

        var badVersion = (byte[])bytes.Clone();
        badVersion[0] = 99;
        Assert.Throws<InvalidDataException>(() => PendingBatchCodec.Decode(badVersion));
        var hugeLength = (byte[])bytes.Clone();
        hugeLength[5] = 0xFF; // the first message id's length: 7-bit groups that never end
        hugeLength[6] = 0xFF;
        hugeLength[7] = 0xFF;
        hugeLength[8] = 0xFF;
        hugeLength[9] = 0xFF;
        Assert.Throws<InvalidDataException>(() => PendingBatchCodec.Decode(hugeLength));
    }

    [Fact]
    public void The_reused_encoder_writes_each_batch_as_the_codec_does_however_big_the_one_before()
    {
        using var encoder = new BatchEncoder();
        var big = Messages.Run("#a", 20_000); // past the largest buffer the encoder keeps (1 MiB)
        var small = Messages.Run("#b", 2);

        Assert.Equal(PendingBatchCodec.Encode(big), encoder.Encode(big).ToArray());
        Assert.Equal(PendingBatchCodec.Encode(small), encoder.Encode(small).ToArray());
        Assert.Equal(small, PendingBatchCodec.Decode(encoder.Encode(small).ToArray()));
    }

    [Fact]
    public void Messages_pending_as_bytes_are_read_and_written_out_with_every_field_as_given()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        var time = Messages.T0.AddMilliseconds(7);
        List<StoredMessage> batch =
        [
            new("0194a1b2c3d4e5f60718293a4b5c6d7e", time, "#général", 1, MessageKind.Action, "Zoë", "zoe", null, "waves 👋", "~zoe", "zoe.example"),
            new("id-2", time, ConversationKey.ForPrivate("a", "b"), 1, MessageKind.Notice, "a", null, "b", "", "", ""),
            new("id-3", time, "#général", 2, MessageKind.Say, "Zoë", null, null, "", "", ""),
        ];

        store.Append(batch);

        Assert.Equal(2, store.LastSequence("#général"));
        Assert.Equal(1, store.LastSequence(ConversationKey.ForPrivate("a", "b")));
        Assert.Equal(0, store.LastSequence("#other"));
        Assert.Equal([batch[0], batch[2]], store.Latest("#général", 10)); // from memory, before the write-out
        store.WriteOutPending();
        Assert.Equal(0, store.PendingMessages);
        foreach (var message in batch)
        {
            Assert.Equal(message, store.Find(message.MsgId));
        }

        Assert.Equal([batch[0], batch[2]], store.Latest("#général", 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    public void Every_message_of_a_pending_batch_keeps_its_conversation_key_sequence_and_record(int count)
    {
        // Texts of uneven lengths, so the entries kept after the records start at an odd offset of the array.
        var batch = Enumerable.Range(1, count)
            .Select(i => i % 2 == 0
                ? Messages.Private("ann", $"bob{i}", 1L << (i + 20), new string('x', (i * 7) + 1))
                : Messages.Room($"#room{i}", i, new string('é', i * 3)))
            .ToList();

        var pending = new PendingBatch(9, PendingBatchCodec.Encode(batch));

        Assert.Equal(count, pending.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(MessageRecord.TargetKey(batch[i].Target), pending.TargetKeyAt(i));
            Assert.Equal(batch[i].Sequence, pending.SequenceAt(i));
            Assert.Equal(batch[i], pending.MessageAt(i));
            Assert.Equal(batch[i].Text, System.Text.Encoding.UTF8.GetString(pending.ViewAt(i).Text));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => pending.SequenceAt(count));
        pending.Release();
    }

    [Fact]
    public void A_pending_batch_cannot_be_read_once_released()
    {
        var batch = new PendingBatch(1, PendingBatchCodec.Encode(Messages.Run("#a", 2)));
        Assert.Equal(2, batch.SequenceAt(1));
        Assert.Equal("#a", batch.MessageAt(0).Target);

        batch.Release();
        batch.Release();

        Assert.Throws<ObjectDisposedException>(() => batch.MessageAt(0));
    }

    [Fact]
    public void Batches_left_pending_by_a_crash_are_written_out_at_the_next_open()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        // What a crash right after Append leaves: committed batches in the commit log, none in messages.
        AppendToLog(Messages.Run("#a", 3), Messages.Run("#a", 2, first: 4));

        using var store = SqliteMessageStore.Open(_dir.Options());

        Assert.Equal(0, store.PendingBatches);
        Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
        Assert.Equal(5, store.LastSequence("#a"));
        Assert.Equal(EmptyLogBytes, new FileInfo(LogFile).Length);
        Assert.Equal(2, RawDatabase.Scalar(_dir.File(), "SELECT written_up_to FROM write_out_state"));
    }

    [Fact]
    public void A_crash_after_the_write_out_but_before_the_log_was_trimmed_writes_nothing_twice()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 3));
            store.WriteOutPending();
        }

        // The rows are in messages and the mark says so; put the batch back in the log as if the trim never happened.
        File.Delete(LogFile);
        using (var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0))
        {
            Assert.Equal(1, log.Append(PendingBatchCodec.Encode(Messages.Run("#a", 3))));
        }

        using var reopened = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Messages.Range(1, 3), Messages.Seqs(reopened.Latest("#a", 10)));
        Assert.Equal(0, reopened.SkippedConflicts);
        Assert.Equal(EmptyLogBytes, new FileInfo(LogFile).Length);
    }

    [Fact]
    public void A_record_cut_short_or_damaged_is_dropped_with_everything_after_it()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        AppendToLog(Messages.Run("#a", 2), Messages.Run("#a", 2, first: 3), Messages.Run("#a", 2, first: 5));
        var bytes = File.ReadAllBytes(LogFile);
        var third = FindRecord(bytes, 3);
        bytes[third + 20] ^= 0x5A; // the third record's payload no longer matches its CRC
        File.WriteAllBytes(LogFile, [.. bytes, .. new byte[] { 7, 0, 0, 0, 1, 2 }]); // and a write cut short after it

        using var store = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Messages.Range(1, 4), Messages.Seqs(store.Latest("#a", 10)));
        store.Append(Messages.Run("#a", 1, first: 5));
        Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
    }

    [Fact]
    public void A_file_that_is_not_a_commit_log_refuses_the_start_with_a_clear_error()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        File.WriteAllText(LogFile, "not a commit log at all");

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains("not a Parley commit log", refused.Message, StringComparison.Ordinal);
        Assert.Contains(LogFile, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_store_on_the_same_folder_is_refused_while_the_first_is_open()
    {
        using var first = SqliteMessageStore.Open(_dir.Options());

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains("another Parley", refused.Message, StringComparison.Ordinal);
        first.Append(Messages.Run("#a", 1));
        Assert.Equal(1, first.LastSequence("#a"));
    }

    [Fact]
    public void Batches_in_the_commit_log_of_an_earlier_version_are_written_out_and_the_old_file_removed()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        var legacy = LegacyCommitLog.PathFor(_dir.File());
        using (var connection = new SqliteConnection($"Data Source={legacy};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE pending_batches (id INTEGER PRIMARY KEY AUTOINCREMENT, rows BLOB NOT NULL);
                INSERT INTO pending_batches (rows) VALUES ($a), ($b);
                """;
            command.Parameters.AddWithValue("$a", PendingBatchCodec.Encode(Messages.Run("#a", 3)));
            command.Parameters.AddWithValue("$b", PendingBatchCodec.Encode(Messages.Run("#a", 2, first: 4)));
            command.ExecuteNonQuery();
        }

        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
            store.Append(Messages.Run("#a", 1, first: 6));
        }

        Assert.False(File.Exists(legacy));
        Assert.False(File.Exists(legacy + "-wal"));
        // The new log's ids went on above the old log's: the batch appended after the upgrade was written out once.
        Assert.Equal(3, RawDatabase.Scalar(_dir.File(), "SELECT written_up_to FROM write_out_state"));
        using var reopened = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Messages.Range(1, 6), Messages.Seqs(reopened.Latest("#a", 10)));
        Assert.Equal(0, reopened.SkippedConflicts);
    }

    [Fact]
    public void A_lost_commit_log_never_gives_an_id_at_or_below_the_write_out_mark_again()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 3));
            store.Append(Messages.Run("#a", 2, first: 4));
        }

        File.Delete(LogFile);
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 1, first: 6));
        }

        using var reopened = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Messages.Range(1, 6), Messages.Seqs(reopened.Latest("#a", 10)));
        Assert.Equal(3, RawDatabase.Scalar(_dir.File(), "SELECT written_up_to FROM write_out_state"));
    }

    [Fact]
    public void When_the_background_falls_behind_the_commit_writes_out_itself()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { MaxPendingMessages = 5 });

        for (var batch = 0; batch < 20; batch++)
        {
            store.Append(Messages.Run("#a", 3, first: (batch * 3) + 1));
            Assert.InRange(store.PendingMessages, 0, 5);
        }

        Assert.Equal(60, store.LastSequence("#a"));
        // The log was trimmed along the way too: it holds at most the pending batches.
        Assert.InRange(new FileInfo(LogFile).Length, EmptyLogBytes, EmptyLogBytes + (6 * 1024));
    }

    [Fact]
    public void LastSequence_sees_pending_messages_across_batches_and_after_their_write_out()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        store.Append([.. Messages.Run("#a", 2), Messages.Room("#b", 1)]);
        store.Append(Messages.Run("#a", 1, first: 3));
        Assert.Equal((3, 1), (store.LastSequence("#a"), store.LastSequence("#b")));

        store.WriteOutPending();
        Assert.Equal((3, 1), (store.LastSequence("#a"), store.LastSequence("#b")));

        store.Append(Messages.Run("#a", 2, first: 4));
        Assert.Equal(5, store.LastSequence("#a"));
    }

    [Fact]
    public void The_map_of_pending_sequences_is_rebuilt_from_the_queue_before_it_grows_unbounded()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { MaxPendingMessages = 1_000_000 });
        for (var i = 0; i < 5000; i++)
        {
            store.Append([Messages.Room($"#r{i}", 1)]);
            store.WriteOutPending(); // each conversation is written out at once and left behind in the map
        }

        store.Append([Messages.Room("#last", 1)]);
        // Past 4,096 + 4 per pending message (here 4,101 conversations) it started again from the queue alone.
        Assert.InRange(store.PendingConversations, 1, 5001 - 4096);
        Assert.Equal(1, store.LastSequence("#r4999"));
        Assert.Equal(1, store.LastSequence("#r7"));
        Assert.Equal(1, store.LastSequence("#last"));
    }

    [Fact]
    public void Latest_merges_written_out_and_pending_messages_in_order_and_once()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());
        store.Append(Messages.Run("#a", 3));
        store.WriteOutPending();
        store.Append(Messages.Run("#a", 2, first: 4));
        store.Append([Messages.Room("#b", 1)]);

        Assert.Equal(Messages.Range(2, 5), Messages.Seqs(store.Latest("#a", 4)));
        Assert.Equal(Messages.Range(4, 5), Messages.Seqs(store.Latest("#a", 2)));
        Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 50)));
        Assert.Equal([1L], Messages.Seqs(store.Latest("#b", 50)));
    }

    [Fact]
    public void The_commit_log_sits_beside_the_database()
    {
        Assert.Equal(Path.Combine("data", "parley.commitlog"), CommitLog.PathFor(Path.Combine("data", "parley.db")));
        Assert.Equal(Path.Combine("data", "history.commitlog"), CommitLog.PathFor(Path.Combine("data", "history")));
        Assert.Equal(Path.Combine("data", "parley.pending.db"), LegacyCommitLog.PathFor(Path.Combine("data", "parley.db")));
    }

    [Fact]
    public void An_unreadable_pending_batch_refuses_the_start_with_a_clear_error()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        using (var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0))
        {
            log.Append([0x09, 0, 0, 0]); // whole and checksummed, but no batch the codec knows
        }

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains("committed batch cannot be read", refused.Message, StringComparison.Ordinal);
        // The refusal let go of the log: once the record is gone the store opens.
        File.Delete(LogFile);
        using var store = SqliteMessageStore.Open(_dir.Options());
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
            Assert.Equal(Messages.Range(Math.Max(1, seq - 2), seq), Messages.Seqs(store.Latest("#a", 3)));
            Assert.Equal(message.MsgId, store.Find(message.MsgId)?.MsgId);
            Assert.Single(store.Search(null, null, $"word{seq}", 10));
        }
    }

    /// <summary>A log that holds nothing: its header alone.</summary>
    private const long EmptyLogBytes = 16;

    private string LogFile => CommitLog.PathFor(_dir.File());

    /// <summary>Appends batches to the commit log (the store must be closed), ids going on from the write-out mark.</summary>
    private void AppendToLog(params List<StoredMessage>[] batches)
    {
        var mark = RawDatabase.Scalar(_dir.File(), "SELECT written_up_to FROM write_out_state");
        using var log = CommitLog.Open(_dir.File(), _dir.Options(), mark);
        foreach (var batch in batches)
        {
            log.Append(PendingBatchCodec.Encode(batch));
        }
    }

    /// <summary>Where the record with this id starts in the log's bytes.</summary>
    private static int FindRecord(byte[] log, long id)
    {
        var offset = 16;
        while (BitConverter.ToInt64(log, offset + 8) != id)
        {
            offset += 16 + BitConverter.ToInt32(log, offset);
        }

        return offset;
    }
}
