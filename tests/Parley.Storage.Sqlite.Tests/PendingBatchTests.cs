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

        // What a crash right after Append leaves: committed batches in the commit log, none in messages.
        InsertPending(Messages.Run("#a", 3));
        InsertPending(Messages.Run("#a", 2, first: 4));

        using var store = SqliteMessageStore.Open(_dir.Options());

        Assert.Equal(0, store.PendingBatches);
        Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
        Assert.Equal(5, store.LastSequence("#a"));
        Assert.Equal(0, RawDatabase.Scalar(LogFile, "SELECT count(*) FROM pending_batches"));
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
        InsertPending(Messages.Run("#a", 3), id: 1);

        using var reopened = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Messages.Range(1, 3), Messages.Seqs(reopened.Latest("#a", 10)));
        Assert.Equal(0, reopened.SkippedConflicts);
        Assert.Equal(0, RawDatabase.Scalar(LogFile, "SELECT count(*) FROM pending_batches"));
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
        // The log was trimmed along the way too: it holds the pending batches and at most the last one written out.
        Assert.InRange(RawDatabase.Scalar(LogFile, "SELECT count(*) FROM pending_batches"), 0, 3);
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
    public void A_new_commit_log_has_small_pages_and_an_existing_one_keeps_its_own()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 3));
        }

        Assert.Equal(PendingLog.PageSize, RawDatabase.Scalar(LogFile, "PRAGMA page_size"));
        Assert.Equal(4096, RawDatabase.Scalar(_dir.File(), "PRAGMA page_size"));

        // A log made before (4 KiB pages) is opened as it is.
        File.Delete(LogFile);
        using (var old = new SqliteConnection($"Data Source={LogFile};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; " + PendingSql.CreateLog;
            create.ExecuteNonQuery();
        }

        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 2, first: 4));
            Assert.Equal(Messages.Range(1, 5), Messages.Seqs(store.Latest("#a", 10)));
        }

        Assert.Equal(4096, RawDatabase.Scalar(LogFile, "PRAGMA page_size"));
    }

    [Fact]
    public void The_commit_log_sits_beside_the_database()
    {
        Assert.Equal(Path.Combine("data", "parley.pending.db"), PendingLog.PathFor(Path.Combine("data", "parley.db")));
        Assert.Equal(Path.Combine("data", "history.pending.db"), PendingLog.PathFor(Path.Combine("data", "history")));
    }

    [Fact]
    public void An_unreadable_pending_batch_refuses_the_start_with_a_clear_error()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        RawDatabase.Execute(LogFile, "INSERT INTO pending_batches (rows) VALUES (x'09000000')");

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
            Assert.Equal(Messages.Range(Math.Max(1, seq - 2), seq), Messages.Seqs(store.Latest("#a", 3)));
            Assert.Equal(message.MsgId, store.Find(message.MsgId)?.MsgId);
            Assert.Single(store.Search(null, null, $"word{seq}", 10));
        }
    }

    private string LogFile => PendingLog.PathFor(_dir.File());

    private void InsertPending(List<StoredMessage> batch, long? id = null)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = LogFile, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO pending_batches (id, rows) VALUES ($id, $rows)";
        command.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
        command.Parameters.AddWithValue("$rows", PendingBatchCodec.Encode(batch));
        command.ExecuteNonQuery();
    }
}
