using Microsoft.Win32.SafeHandles;

namespace Parley.Storage.Sqlite;

internal sealed partial class CommitLog
{
    /// <summary>
    /// Replaces the log with a copy of its pending records, in two steps: <see cref="CopyPending"/> copies what was in
    /// the file when the trim began, while commits go on appending; <see cref="Finish"/>, under the append lock again,
    /// copies what they appended meanwhile and renames the copy over the log. Disposing it closes the replaced file,
    /// which the caller does after letting go of the append lock.
    /// </summary>
    /// <remarks>
    /// Why two steps: done at once under the append lock, a compaction stopped every commit for 10–18 ms with private
    /// messages at 40,000/s (a copy of 1–2 MB, then the rename, which on ext4 starts writing the new file out and
    /// allocating its blocks when it replaces an existing file). Now the copy is flushed to disk before the lock is
    /// taken again, so what is left under it is the copy of a few records and a rename that finds little to write.
    /// Closing the replaced file frees its blocks (8–17 ms for 16 MiB there), so that waits for the lock to be free.
    /// The caller holds its maintenance lock from <see cref="BeginTrim"/> to the end, so no sync or other trim of the
    /// file runs in between; only <see cref="Append"/> does, past the end the copy started from.
    /// </remarks>
    public sealed class Compaction : IDisposable
    {
        private readonly CommitLog _log;
        private readonly long _fromOffset;
        private readonly long _copyEnd;
        private SafeFileHandle? _next;
        private SafeFileHandle? _replaced;
        private long _written;

        internal Compaction(CommitLog log, long fromOffset, long copyEnd)
        {
            _log = log;
            _fromOffset = fromOffset;
            _copyEnd = copyEnd;
        }

        private string TemporaryPath => _log.FilePath + ".tmp";

        /// <summary>Copies the pending records the file held when the trim began, and flushes the copy to disk.
        /// Without the append lock.</summary>
        public void CopyPending()
        {
            _next = File.OpenHandle(TemporaryPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            try
            {
                WriteFileHeader(_next);
                _written = FileHeaderBytes;
                CopyRange(_fromOffset, _copyEnd);
                RandomAccess.FlushToDisk(_next);
            }
            catch
            {
                Abandon();
                throw;
            }
        }

        /// <summary>Copies what was appended since <see cref="CopyPending"/> and renames the copy over the log (under
        /// Full, synced first, so a power loss finds the old file or the whole new one). Under the append lock.</summary>
        public void Finish()
        {
            if (_next is null)
            {
                throw new InvalidOperationException("The pending records were not copied.");
            }

            try
            {
                CopyRange(_copyEnd, _log._end);
                if (_log._syncEveryAppend)
                {
                    RandomAccess.FlushToDisk(_next);
                }

                File.Move(TemporaryPath, _log.FilePath, overwrite: true);
            }
            catch
            {
                Abandon();
                throw;
            }

            _replaced = _log._file;
            _log._file = _next;
            _next = null;
            _log._end = _written;
            var shift = _fromOffset - FileHeaderBytes;
            var count = _log._records.Count;
            for (var i = 0; i < count; i++)
            {
                var (id, offset, length) = _log._records.Dequeue();
                _log._records.Enqueue((id, offset - shift, length));
            }
        }

        /// <summary>Closes the replaced file, or drops a copy that never replaced it.</summary>
        public void Dispose()
        {
            _replaced?.Dispose();
            _replaced = null;
            if (_next is not null)
            {
                Abandon();
            }
        }

        private void CopyRange(long from, long to)
        {
            var buffer = new byte[(int)Math.Min(1 << 20, Math.Max(to - from, 1))];
            for (var at = from; at < to;)
            {
                var read = RandomAccess.Read(_log._file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - at)), at);
                if (read == 0)
                {
                    throw new EndOfStreamException("the commit log ended before its last record");
                }

                RandomAccess.Write(_next!, buffer.AsSpan(0, read), _written);
                at += read;
                _written += read;
            }
        }

        /// <summary>Drops the partial copy; the log itself was not replaced. (Open would drop it too.)</summary>
        private void Abandon()
        {
            _next?.Dispose();
            _next = null;
            File.Delete(TemporaryPath);
        }
    }
}
