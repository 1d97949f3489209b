using Microsoft.Data.Sqlite;
using Parley.Core.Storage;

namespace Parley.Storage.Sqlite;

/// <summary>History reads (chathistory LATEST, BEFORE, AFTER, AROUND, BETWEEN) and lookups.</summary>
public sealed partial class SqliteMessageStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Called by the hub's thread for every conversation it has not numbered since the start (with private
    /// messages between many pairs, that is most messages). A conversation the store has never held is answered
    /// by <see cref="TargetFilter"/> alone. Otherwise it does not write out what is pending: it looks through the
    /// pending batches in memory first, then reads the tables; in that order a batch written out meanwhile is
    /// seen by one of the two.
    /// </remarks>
    public long LastSequence(string target)
    {
        if (!_knownTargets.MightContain(target))
        {
            return 0;
        }

        return Math.Max(LastPendingSequence(target), LastStoredSequence(target));
    }

    // A method of its own: the lambda's closure is allocated on entry to the method that declares it, and
    // LastSequence mostly returns before any read (a new conversation, in the filter's negative).
    private long LastStoredSequence(string target) => Read((connection, snapshot) =>
    {
        var command = connection.Command(MessageSql.LastSequence, snapshot);
        command.Parameters.AddWithValue("$target", target);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }, writeOutFirst: false);

    /// <summary>Fills <see cref="_knownTargets"/> from the tables at open (after the commit log is written out).</summary>
    private void LoadKnownTargets()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = MessageSql.KnownTargets;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _knownTargets.Add(reader.GetString(0));
        }
    }

    /// <inheritdoc />
    public StoredMessage? Find(string msgId) => Read((connection, snapshot) =>
    {
        var command = connection.Command(MessageSql.Find, snapshot);
        command.Parameters.AddWithValue("$msgid", msgId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? MessageRow.Read(reader) : null;
    });

    /// <inheritdoc />
    /// <remarks>
    /// The read every join makes (history on join): answered from <see cref="RecentMessages"/> when the
    /// conversation's ring is filled, otherwise loaded (and the ring filled) by <see cref="LoadLatest"/>.
    /// </remarks>
    public IReadOnlyList<StoredMessage> Latest(string target, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        if (_recent.TryLatest(target, limit) is { } cached)
        {
            return cached;
        }

        // A read the ring can answer next time: fill it (with as many as it holds), then answer from the fill.
        if (limit <= _recent.PerConversation && _recent.BeginFill(target) is { } fill)
        {
            List<StoredMessage> loaded;
            try
            {
                loaded = LoadLatest(target, _recent.PerConversation);
            }
            catch
            {
                _recent.Abandon(fill);
                throw;
            }

            _recent.CompleteFill(fill, loaded);
            return loaded.Count > limit ? loaded.GetRange(loaded.Count - limit, limit) : loaded;
        }

        return LoadLatest(target, limit);
    }

    /// <summary>
    /// Like <see cref="LastSequence"/>, does not write out on the caller's thread: takes the conversation's pending
    /// messages from memory first, then the newest stored ones, and merges them by sequence. A batch written out in
    /// between is in the tables by the time they are read (it leaves the pending queue only after its commit); one
    /// seen in both places is taken once.
    /// </summary>
    private List<StoredMessage> LoadLatest(string target, int limit)
    {
        var pending = PendingOf(target, limit);
        var stored = Read((connection, snapshot) =>
        {
            var command = connection.Command(MessageSql.Latest, snapshot);
            command.Parameters.AddWithValue("$target", target);
            command.Parameters.AddWithValue("$limit", limit);
            return MessageRow.ReadAll(command, reverse: true);
        }, writeOutFirst: false);
        if (pending.Count == 0)
        {
            return stored;
        }

        var newestStored = stored.Count == 0 ? long.MinValue : stored[^1].Sequence;
        // Pending messages are decoded from their records, so their times are already as the tables keep them.
        stored.AddRange(pending.Where(m => m.Sequence > newestStored));
        return stored.Count > limit ? stored.GetRange(stored.Count - limit, limit) : stored;
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredMessage> Before(string target, HistoryAnchor anchor, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        return Read((connection, snapshot) => Resolve(connection, snapshot, target, anchor) is { } at
            ? Side(connection, snapshot, target, Bound(connection, snapshot, target, at, "<"), limit, newestFirst: true)
            : []);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredMessage> After(string target, HistoryAnchor anchor, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        return Read((connection, snapshot) => Resolve(connection, snapshot, target, anchor) is { } at
            ? Side(connection, snapshot, target, Bound(connection, snapshot, target, at, ">"), limit, newestFirst: false)
            : []);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Half the limit goes before the anchor and the rest to the anchored message and after it. When one side
    /// has fewer messages than its half, the other side gets the unused room, so a full page comes back whenever
    /// the conversation has one.
    /// </remarks>
    public IReadOnlyList<StoredMessage> Around(string target, HistoryAnchor anchor, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        return Read<IReadOnlyList<StoredMessage>>((connection, snapshot) =>
        {
            if (Resolve(connection, snapshot, target, anchor) is not { } at)
            {
                return [];
            }

            var before = Side(connection, snapshot, target, Bound(connection, snapshot, target, at, "<"), limit, newestFirst: true);
            var after = Side(connection, snapshot, target, Bound(connection, snapshot, target, at, ">="), limit, newestFirst: false);
            var takeBefore = limit / 2;
            var takeAfter = limit - takeBefore;
            if (before.Count < takeBefore)
            {
                takeAfter += takeBefore - before.Count;
                takeBefore = before.Count;
            }
            else if (after.Count < takeAfter)
            {
                takeBefore = Math.Min(before.Count, takeBefore + takeAfter - after.Count);
                takeAfter = after.Count;
            }

            takeAfter = Math.Min(takeAfter, after.Count);
            var page = new List<StoredMessage>(takeBefore + takeAfter);
            page.AddRange(before.Skip(before.Count - takeBefore)); // `before` is oldest first; keep its newest
            page.AddRange(after.Take(takeAfter));
            return page;
        });
    }

    /// <inheritdoc />
    /// <remarks>The anchors may come in either order; the page starts from the earlier one.</remarks>
    public IReadOnlyList<StoredMessage> Between(string target, HistoryAnchor from, HistoryAnchor to, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        return Read<IReadOnlyList<StoredMessage>>((connection, snapshot) =>
        {
            if (Resolve(connection, snapshot, target, from) is not { } a || Resolve(connection, snapshot, target, to) is not { } b)
            {
                return [];
            }

            var (earlier, later) = a.IsAfter(b) ? (b, a) : (a, b);
            var lower = Bound(connection, snapshot, target, earlier, ">");
            var upper = Bound(connection, snapshot, target, later, "<");
            var sql = MessageSql.Range(lower.Condition("$lower"), upper.Condition("$upper"), newestFirst: false);
            var command = connection.Command(sql, snapshot);
            command.Parameters.AddWithValue("$target", target);
            command.Parameters.AddWithValue("$lower", lower.Sequence);
            command.Parameters.AddWithValue("$upper", upper.Sequence);
            command.Parameters.AddWithValue("$limit", limit);
            return MessageRow.ReadAll(command, reverse: false);
        });
    }

    /// <summary>The messages on one side of an anchor, nearest first in SQL, returned oldest first.</summary>
    private static List<StoredMessage> Side(
        ReadConnection connection, SqliteTransaction snapshot, string target, SequenceBound bound, int limit, bool newestFirst)
    {
        var sql = newestFirst
            ? MessageSql.Range(null, bound.Condition("$upper"), newestFirst: true)
            : MessageSql.Range(bound.Condition("$lower"), null, newestFirst: false);
        var command = connection.Command(sql, snapshot);
        command.Parameters.AddWithValue("$target", target);
        command.Parameters.AddWithValue(newestFirst ? "$upper" : "$lower", bound.Sequence);
        command.Parameters.AddWithValue("$limit", limit);
        return MessageRow.ReadAll(command, reverse: newestFirst);
    }

    /// <summary>
    /// Where an anchor points in <paramref name="target"/>: a msgid resolves to its message's sequence (null when
    /// that message is not in this conversation, or no longer stored); a time stays a time.
    /// </summary>
    private static Position? Resolve(ReadConnection connection, SqliteTransaction snapshot, string target, HistoryAnchor anchor)
    {
        if (anchor.MsgId is { } msgId)
        {
            var command = connection.Command(MessageSql.Anchor, snapshot);
            command.Parameters.AddWithValue("$msgid", msgId);
            command.Parameters.AddWithValue("$target", target);
            using var reader = command.ExecuteReader();
            return reader.Read() ? new Position(true, reader.GetInt64(0), reader.GetInt64(1)) : null;
        }

        return anchor.Time is { } time ? new Position(false, MessageRow.ToStored(time), MessageRow.ToStored(time)) : null;
    }

    /// <summary>
    /// One side of a range as a condition on sequences. A msgid anchor is a sequence already. A time anchor becomes
    /// the first sequence at or after its time (<c>time &lt; T</c> is <c>seq &lt; first(time &gt;= T)</c>, and
    /// <c>time &gt; T</c> is <c>seq &gt;= first(time &gt; T)</c>), found by <see cref="FirstSequenceAt"/>.
    /// </summary>
    /// <param name="op">One of <c>&lt;</c>, <c>&gt;</c>, <c>&gt;=</c>: the comparison the anchor asks for.</param>
    private static SequenceBound Bound(ReadConnection connection, SqliteTransaction snapshot, string target, Position at, string op)
    {
        if (at.BySequence)
        {
            return new SequenceBound(op, at.Value);
        }

        return op == ">"
            ? new SequenceBound(">=", FirstSequenceAt(connection, snapshot, target, at.Value, after: true))
            : new SequenceBound(op, FirstSequenceAt(connection, snapshot, target, at.Value, after: false));
    }

    /// <summary>
    /// The first sequence of <paramref name="target"/> whose time is at or after <paramref name="timeMs"/> (with
    /// <paramref name="after"/>, strictly after), or <see cref="long.MaxValue"/> when there is none. A binary search
    /// over the <c>(target, seq)</c> index, a seek per step, which works because a conversation's times never go
    /// back as its sequences rise (the hub keeps message times monotonic); there is no index on time to keep up.
    /// Sequences may have gaps (retention, deletes), so each step looks at the first row at or after its midpoint.
    /// </summary>
    internal static long FirstSequenceAt(ReadConnection connection, SqliteTransaction snapshot, string target, long timeMs, bool after)
    {
        var bounds = connection.Command(MessageSql.SequenceBounds, snapshot);
        bounds.Parameters.AddWithValue("$target", target);
        long low, high;
        using (var reader = bounds.ExecuteReader())
        {
            if (!reader.Read() || reader.IsDBNull(0))
            {
                return long.MaxValue;
            }

            (low, high) = (reader.GetInt64(0), reader.GetInt64(1) + 1);
        }

        // Invariant: rows below `low` are all earlier; `found` is the answer among rows at or above `high`.
        var found = long.MaxValue;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var probe = connection.Command(MessageSql.FirstRowFrom, snapshot);
            probe.Parameters.AddWithValue("$target", target);
            probe.Parameters.AddWithValue("$from", middle);
            probe.Parameters.AddWithValue("$below", high);
            using var reader = probe.ExecuteReader();
            if (!reader.Read())
            {
                high = middle;
                continue;
            }

            var (sequence, time) = (reader.GetInt64(0), reader.GetInt64(1));
            if (after ? time > timeMs : time >= timeMs)
            {
                (found, high) = (sequence, sequence);
            }
            else
            {
                low = sequence + 1;
            }
        }

        return found;
    }

    /// <summary>A condition <c>seq {Op} value</c> on one side of a range.</summary>
    private readonly record struct SequenceBound(string Op, long Sequence)
    {
        public string Condition(string parameter) => MessageSql.Bound(Op, parameter);
    }

    /// <summary>A resolved anchor: a sequence (msgid anchor) or Unix milliseconds (time anchor).</summary>
    private readonly record struct Position(bool BySequence, long Value, long TimeMs)
    {
        /// <summary>Order of two anchors: by sequence when both are msgids, otherwise by time.</summary>
        public bool IsAfter(Position other) =>
            BySequence && other.BySequence ? Value > other.Value : TimeMs > other.TimeMs;
    }
}
