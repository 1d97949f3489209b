namespace Parley.Storage.Sqlite.Tests;

public sealed class CommitLogTests : IDisposable
{
    private const long HeaderBytes = 16;
    private const int RecordBytes = 16 + 1000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Payload(int fill) => Enumerable.Repeat((byte)fill, 1000).ToArray();

    [Fact]
    public void Trimming_everything_written_out_cuts_the_file_back_to_its_header()
    {
        using var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0);
        log.Append(Payload(1));
        log.Append(Payload(2));
        log.TrimUpTo(1);
        Assert.Equal(HeaderBytes + (2 * RecordBytes), log.Length); // one still pending: nothing cut

        log.TrimUpTo(2);
        Assert.Equal(HeaderBytes, log.Length);
        Assert.Equal(HeaderBytes, new FileInfo(log.FilePath).Length);
        Assert.Equal(3, log.Append(Payload(3))); // ids go on
    }

    [Fact]
    public void Past_its_size_bound_a_log_with_pending_batches_keeps_only_them_and_they_survive_a_reopen()
    {
        var bound = HeaderBytes + (8 * RecordBytes);
        using (var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0, compactAtBytes: bound))
        {
            for (var i = 1; i <= 10; i++)
            {
                log.Append(Payload(i));
            }

            log.TrimUpTo(7);
            Assert.Equal(HeaderBytes + (3 * RecordBytes), log.Length);
            Assert.Equal(HeaderBytes + (3 * RecordBytes), new FileInfo(log.FilePath).Length);
            Assert.Equal(11, log.Append(Payload(11)));
            Assert.False(File.Exists(log.FilePath + ".tmp"));
        }

        using var reopened = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 7);
        var left = reopened.ReadAfter(7);
        Assert.Equal([8L, 9L, 10L, 11L], left.Select(b => b.Id));
        Assert.Equal([8, 9, 10, 11], left.Select(b => (int)b.Rows[0]));
        Assert.All(left, b => Assert.Equal(1000, b.Rows.Length));
    }

    [Fact]
    public void Below_its_size_bound_a_log_with_pending_batches_is_left_as_it_is()
    {
        using var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0, compactAtBytes: 1 << 20);
        for (var i = 1; i <= 10; i++)
        {
            log.Append(Payload(i));
        }

        log.TrimUpTo(7);
        Assert.Equal(HeaderBytes + (10 * RecordBytes), log.Length);
        Assert.Equal([8L, 9L, 10L], log.ReadAfter(7).Select(b => b.Id));
    }

    [Fact]
    public void Batches_committed_while_a_compaction_copies_are_carried_over_in_order_and_survive_a_reopen()
    {
        var bound = HeaderBytes + (8 * RecordBytes);
        using (var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0, compactAtBytes: bound))
        {
            for (var i = 1; i <= 10; i++)
            {
                log.Append(Payload(i));
            }

            var compaction = log.BeginTrim(7);
            Assert.NotNull(compaction);
            compaction.CopyPending();
            // Commits go on during the copy (the store holds no append lock for it): they land in the old file.
            Assert.Equal(11, log.Append(Payload(11)));
            Assert.Equal(12, log.Append(Payload(12)));
            compaction.Finish();

            Assert.Equal(HeaderBytes + (5 * RecordBytes), log.Length);
            Assert.Equal(HeaderBytes + (5 * RecordBytes), new FileInfo(log.FilePath).Length);
            Assert.False(File.Exists(log.FilePath + ".tmp"));
            Assert.Equal([8L, 9L, 10L, 11L, 12L], log.ReadAfter(7).Select(b => b.Id));
            Assert.Equal(Payload(12), log.ReadAfter(11).Single().Rows);
            Assert.Equal(13, log.Append(Payload(13)));
        }

        using var reopened = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 7, compactAtBytes: bound);
        Assert.Equal([8L, 9L, 10L, 11L, 12L, 13L], reopened.ReadAfter(7).Select(b => b.Id));
    }

    [Fact]
    public void Below_its_size_bound_a_trim_leaves_no_compaction_to_do()
    {
        using var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0);
        log.Append(Payload(1));
        log.Append(Payload(2));
        Assert.Null(log.BeginTrim(1));
        Assert.Equal([2L], log.ReadAfter(1).Select(b => b.Id));
    }

    [Fact]
    public void Past_its_size_bound_a_log_still_mostly_pending_is_not_copied_at_every_trim()
    {
        using var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0, compactAtBytes: HeaderBytes + (8 * RecordBytes));
        for (var i = 1; i <= 10; i++)
        {
            log.Append(Payload(i));
        }

        log.TrimUpTo(3); // would drop under half of the file
        Assert.Equal(HeaderBytes + (10 * RecordBytes), log.Length);
        log.TrimUpTo(5); // drops half
        Assert.Equal(HeaderBytes + (5 * RecordBytes), log.Length);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], log.ReadAfter(5).Select(b => b.Id));
    }

    [Fact]
    public void A_compaction_cut_short_leaves_the_log_whole()
    {
        using (var log = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0))
        {
            log.Append(Payload(1));
        }

        var path = CommitLog.PathFor(_dir.File());
        File.WriteAllBytes(path + ".tmp", [1, 2, 3]); // a copy that never replaced the log

        using var reopened = CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0);
        Assert.Equal([1L], reopened.ReadAfter(0).Select(b => b.Id));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_log_of_a_newer_format_is_refused()
    {
        using (CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0))
        {
        }

        var path = CommitLog.PathFor(_dir.File());
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)(CommitLog.Format + 1);
        File.WriteAllBytes(path, bytes);

        var refused = Assert.Throws<StoreOpenException>(() => CommitLog.Open(_dir.File(), _dir.Options(), writtenOutMark: 0));
        Assert.Contains("newer Parley", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_full_durability_every_append_is_on_disk_when_it_returns()
    {
        // What can be checked without pulling the plug: the appends work and are all there after a reopen.
        var full = _dir.Options() with { Synchronous = SqliteSynchronous.Full };
        using (var log = CommitLog.Open(_dir.File(), full, writtenOutMark: 0))
        {
            log.Append(Payload(1));
            log.Append(Payload(2));
            log.Sync();
        }

        using var reopened = CommitLog.Open(_dir.File(), full, writtenOutMark: 0);
        Assert.Equal([1L, 2L], reopened.ReadAfter(0).Select(b => b.Id));
    }
}
