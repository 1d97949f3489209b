using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>A committed batch not yet written out to <c>messages</c>: its row in <c>pending_batches</c> and its messages.</summary>
internal sealed record PendingBatch(long Id, IReadOnlyList<StoredMessage> Messages);
