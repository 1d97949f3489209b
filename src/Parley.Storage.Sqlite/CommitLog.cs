using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Parley.Storage.Sqlite;

/// <summary>
/// The commit log: an append-only file beside the history database (<c>parley.db</c> → <c>parley.commitlog</c>)
/// holding each committed batch as one record until the background thread has written it out to <c>messages</c>.
/// </summary>
/// <remarks>
/// Why a plain file: the commit that delivery waits for should cost one write. As a row of a SQLite file it cost a
/// transaction: file locks (about eight <c>fcntl</c> calls), WAL frames of whole pages, and the checkpoints and
/// deletes that copied every batch twice more. Here a commit is one <c>pwritev</c> at the end of the file (and one
/// fsync under <see cref="SqliteSynchronous.Full"/>); which batches are written out is still recorded in the history
/// database, in the same transaction as their rows (<c>write_out_state</c>), so a crash anywhere writes every batch
/// out exactly once.
/// File: a 16-byte header (<c>PRLYCLOG</c>, the format as int32, 4 reserved bytes), then records: payload length
/// (int32), CRC-32 of the id and payload (uint32), batch id (int64), payload (<see cref="PendingBatchCodec"/>), all
/// little-endian. Ids rise strictly. Reading stops at the first record that is incomplete, fails its CRC or does
/// not rise (a write cut short by a power loss, or the leftovers of an earlier, longer file) and cuts the file there.
/// Concurrency: the store calls <see cref="Append"/> under its append lock; <see cref="Sync"/> and the whole of a trim
/// under its maintenance lock, with <see cref="BeginTrim"/> and <see cref="Compaction.Finish"/> under the append lock
/// as well (a compaction's copy runs beside the appends); the file is opened exclusively, so a second server on the
/// same data folder is refused.
/// </remarks>
internal sealed partial class CommitLog : IDisposable
{
    /// <summary>The format this build writes and reads.</summary>
    public const int Format = 1;

    /// <summary>Past this size a log that still holds pending batches is compacted (see <see cref="BeginTrim"/>).</summary>
    internal const long DefaultCompactAtBytes = 16 << 20;

    private const int FileHeaderBytes = 16;
    private const int RecordHeaderBytes = 16;
    private const int MaxRecordBytes = 1 << 30;

    /// <summary>The record buffer's first size; it grows with the batches (a full batch of 1,024 messages is about
    /// 150 KB) and is kept up to <see cref="RetainedRecordBytes"/>, so that busy commits allocate nothing.</summary>
    private const int FirstRecordBytes = 64 * 1024;

    /// <summary>The largest record buffer kept between appends; a bigger one is let go after its append.</summary>
    private const int RetainedRecordBytes = 1 << 20;
    private static readonly byte[] Magic = "PRLYCLOG"u8.ToArray();

    private readonly bool _syncEveryAppend;
    private readonly long _compactAtBytes;
    // A whole record (header, then payload) for one write, reused: Append runs under the store's append lock.
    private byte[] _record = new byte[FirstRecordBytes];
    // The records in the file, oldest first: where each starts, so that trimming knows where the pending ones begin.
    private readonly Queue<(long Id, long Offset, int Length)> _records = new();
    private SafeFileHandle _file;
    private long _end;
    private long _lastId;

    private CommitLog(string path, SafeFileHandle file, bool syncEveryAppend, long compactAtBytes)
    {
        FilePath = path;
        _file = file;
        _syncEveryAppend = syncEveryAppend;
        _compactAtBytes = compactAtBytes;
    }

    public string FilePath { get; }

    /// <summary>The file's current length in bytes (for tests and operators).</summary>
    public long Length => _end;

    /// <summary>The log's path for a history database path: the same name with the extension <c>.commitlog</c>.</summary>
    public static string PathFor(string databasePath) => Path.ChangeExtension(databasePath, ".commitlog");

    /// <summary>Opens or creates the log; ids it gives from now on are above <paramref name="writtenOutMark"/>.</summary>
    /// <exception cref="StoreOpenException">The file cannot be used; the message names it.</exception>
    public static CommitLog Open(string databasePath, SqliteStoreOptions options, long writtenOutMark, long compactAtBytes = DefaultCompactAtBytes)
    {
        var path = PathFor(databasePath);
        SafeFileHandle? file = null;
        try
        {
            // A compaction cut short left a partial copy; the log itself was not replaced, so the copy is dropped.
            File.Delete(path + ".tmp");
            file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var log = new CommitLog(path, file, options.Synchronous == SqliteSynchronous.Full, compactAtBytes);
            log.Recover(writtenOutMark);
            return log;
        }
        catch (InvalidDataException e)
        {
            file?.Dispose();
            throw new StoreOpenException(path, e.Message, e);
        }
        catch (IOException e)
        {
            file?.Dispose();
            throw new StoreOpenException(path, $"the commit log cannot be opened ({e.Message}); is another Parley using this folder?", e);
        }
        catch (UnauthorizedAccessException e)
        {
            file?.Dispose();
            throw new StoreOpenException(path, $"the commit log cannot be opened ({e.Message})", e);
        }
    }

    /// <summary>Appends one encoded batch as one write and returns its id; durable as the options say when it returns.</summary>
    public long Append(ReadOnlySpan<byte> rows)
    {
        var id = _lastId + 1;
        var length = RecordHeaderBytes + rows.Length;
        if (_record.Length < length)
        {
            _record = new byte[Math.Max(length, _record.Length * 2)];
        }

        var record = _record.AsSpan(0, length);
        BinaryPrimitives.WriteInt32LittleEndian(record, rows.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], id);
        rows.CopyTo(record[RecordHeaderBytes..]);
        // The checksum covers the id and the payload, which lie side by side here.
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32.HashToUInt32(record[8..]));
        RandomAccess.Write(_file, record, _end);
        if (_record.Length > RetainedRecordBytes)
        {
            _record = new byte[FirstRecordBytes];
        }

        if (_syncEveryAppend)
        {
            RandomAccess.FlushToDisk(_file);
        }

        _records.Enqueue((id, _end, rows.Length));
        _end += length;
        _lastId = id;
        return id;
    }

    /// <summary>The batches after the write-out mark found at open, in commit order (what a crash left to write out).</summary>
    public List<(long Id, byte[] Rows)> ReadAfter(long writtenOutMark)
    {
        var batches = new List<(long, byte[])>();
        foreach (var (id, offset, length) in _records)
        {
            if (id > writtenOutMark)
            {
                var rows = new byte[length];
                ReadExactly(_file, rows, offset + RecordHeaderBytes);
                batches.Add((id, rows));
            }
        }

        return batches;
    }

    /// <summary>
    /// Drops what is written out, all at once: <see cref="BeginTrim"/>, then the compaction it may return. For a
    /// caller that holds one lock across the whole (the tests; the store runs the steps under different locks).
    /// </summary>
    public void TrimUpTo(long writtenOutMark)
    {
        using var compaction = BeginTrim(writtenOutMark);
        compaction?.CopyPending();
        compaction?.Finish();
    }

    /// <summary>
    /// Drops what is written out. When everything is, the file is cut back to its header (one <c>ftruncate</c>).
    /// When batches are still pending and the file has grown past <see cref="DefaultCompactAtBytes"/> (16 MiB), they
    /// are to be copied to a new file that replaces this one, so the log stays bounded under load that never lets it
    /// empty: the returned <see cref="Compaction"/> does that in two steps, so that appends can go on during the copy.
    /// </summary>
    public Compaction? BeginTrim(long writtenOutMark)
    {
        while (_records.TryPeek(out var oldest) && oldest.Id <= writtenOutMark)
        {
            _records.Dequeue();
        }

        if (_records.Count == 0)
        {
            if (_end > FileHeaderBytes)
            {
                RandomAccess.SetLength(_file, FileHeaderBytes);
                _end = FileHeaderBytes;
            }

            return null;
        }

        // Only when it drops at least half: a log that is mostly pending (the write-out far behind) would otherwise
        // be copied whole at every trim.
        return _end >= _compactAtBytes && _records.Peek().Offset - FileHeaderBytes >= (_end - FileHeaderBytes) / 2
            ? new Compaction(this, _records.Peek().Offset, _end)
            : null;
    }

    /// <summary>Flushes the file to disk (the background thread, about once a second, under <see cref="SqliteSynchronous.Normal"/>):
    /// a power loss then loses at most that second, as SQLite's own checkpoints promised before.</summary>
    public void Sync()
    {
        // Under Full every append was synced already.
        if (!_syncEveryAppend)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads the records, keeps those a crash left, and cuts the file after the last good one.</summary>
    private void Recover(long writtenOutMark)
    {
        var length = RandomAccess.GetLength(_file);
        _lastId = writtenOutMark;
        if (length < FileHeaderBytes)
        {
            WriteFileHeader(_file);
            RandomAccess.SetLength(_file, FileHeaderBytes);
            _end = FileHeaderBytes;
            return;
        }

        var header = new byte[FileHeaderBytes];
        ReadExactly(_file, header, 0);
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("the commit log is not a Parley commit log");
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (format > Format)
        {
            throw new InvalidDataException($"the commit log was written by a newer Parley (format {format}; this build knows {Format})");
        }

        var offset = (long)FileHeaderBytes;
        var previousId = long.MinValue;
        var recordHeader = new byte[RecordHeaderBytes];
        while (offset + RecordHeaderBytes <= length)
        {
            ReadExactly(_file, recordHeader, offset);
            var size = BinaryPrimitives.ReadInt32LittleEndian(recordHeader);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(recordHeader.AsSpan(4));
            var id = BinaryPrimitives.ReadInt64LittleEndian(recordHeader.AsSpan(8));
            if (size <= 0 || size > MaxRecordBytes || offset + RecordHeaderBytes + size > length || id <= previousId)
            {
                break;
            }

            var payload = new byte[size];
            ReadExactly(_file, payload, offset + RecordHeaderBytes);
            if (Checksum(id, payload) != crc)
            {
                break;
            }

            if (id > writtenOutMark)
            {
                _records.Enqueue((id, offset, size));
            }

            previousId = id;
            _lastId = Math.Max(_lastId, id);
            offset += RecordHeaderBytes + size;
        }

        if (offset < length)
        {
            RandomAccess.SetLength(_file, offset);
        }

        _end = offset;
    }

    /// <summary>Reads the whole span (the caller checked the file is long enough).</summary>
    private static void ReadExactly(SafeFileHandle file, Span<byte> into, long offset)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(file, into, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("the commit log ended early");
            }

            into = into[read..];
            offset += read;
        }
    }

    private static void WriteFileHeader(SafeFileHandle file)
    {
        var header = new byte[FileHeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Format);
        RandomAccess.Write(file, header, 0);
    }

    private static uint Checksum(long id, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        Span<byte> idBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(idBytes, id);
        crc.Append(idBytes);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}
