namespace Parley.Storage.Sqlite;

/// <summary>The ordered list of schema versions this build knows. Add version 2 at the end; never edit a released one.</summary>
internal static class Migrations
{
    /// <summary>The version that added the commit log's write-out mark.</summary>
    public const int CommitLogVersion = 3;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "messages, per-target indexes, FTS5 search, retired sequences", Version1),
        new(2, "search indexed in the background, off the commit path", Version2),
        new(3, "batches committed to a commit log of their own and written out to messages in the background", Version3),
        new(4, "search index without per-row sizes (columnsize=0), no index on time", Version4),
        new(5, "search index merges its segments 16 at a time (automerge)", Version5),
    ];

    /// <summary>
    /// Version 5 makes FTS5 merge the search index's segments 16 at a time instead of 4. Every write-out chunk adds a
    /// segment, and FTS5 merges a level once it holds that many: its incremental merging was the largest single cost
    /// of the store's background thread, and each row is rewritten once per level. With 16, a row passes through
    /// half as many levels (measured: about 3 µs less store CPU per message, of about 13). A search then looks in up
    /// to 16 segments per level instead of 4, which costs little next to the write-out it saves. The setting lives
    /// in the FTS table's own configuration, so an operator can change it with
    /// <c>INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', N)</c>.
    /// </summary>
    private const string Version5 = """
        INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 16);
        """;

    /// <summary>
    /// Version 4 takes two B-tree inserts off every message written out. It rebuilds the search index with
    /// <c>columnsize=0</c>: FTS5 then keeps no per-row token counts, which only ranking functions (bm25) read, and
    /// search orders by time (about 15% of the write-out's cost). It drops the <c>(target, time)</c> index: a
    /// conversation's times rise with its sequences (the hub never lets a message time go back), so a time is
    /// found by binary search over <c>(target, seq)</c>. The triggers name the FTS table, so they keep working.
    /// </summary>
    private const string Version4 = """
        DROP INDEX messages_target_time;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
            text,
            content = 'messages',
            content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2',
            columnsize = 0
        );
        INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
        UPDATE fts_state SET indexed_up_to = coalesce((SELECT max(id) FROM messages), 0) WHERE id = 1;
        """;

    /// <summary>
    /// Version 3 moves the group commit out of this file: a batch is committed as one record of the commit log (a
    /// file of its own, <see cref="CommitLog"/>; a SQLite file until the log became a plain file, see
    /// <see cref="LegacyCommitLog"/>) and written out to <c>messages</c> in the background. <c>write_out_state</c> records,
    /// in the same transaction as the rows, the id of the last log batch written out, so that after a crash each
    /// batch is written out exactly once.
    /// </summary>
    private const string Version3 = """
        CREATE TABLE write_out_state (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            written_up_to INTEGER NOT NULL
        );
        INSERT INTO write_out_state (id, written_up_to) VALUES (1, 0);
        """;

    /// <summary>
    /// Version 2 takes FTS5 indexing out of the Journal's commit (it cost about three quarters of each row's insert):
    /// rows above <c>fts_state.indexed_up_to</c> are not indexed yet; the store indexes them in large chunks in the
    /// background and catches up before every search. A row deleted before it was indexed must not be deleted from
    /// the index (an external-content FTS5 table would be corrupted), hence the WHEN clauses.
    /// </summary>
    private const string Version2 = """
        CREATE TABLE fts_state (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            indexed_up_to INTEGER NOT NULL
        );
        INSERT INTO fts_state (id, indexed_up_to) VALUES (1, coalesce((SELECT max(id) FROM messages), 0));

        DROP TRIGGER messages_after_insert;
        DROP TRIGGER messages_after_delete;
        DROP TRIGGER messages_after_update;

        CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text)
                SELECT 'delete', old.id, old.text WHERE old.id <= (SELECT indexed_up_to FROM fts_state);
            INSERT INTO retired_sequences (target, last_seq) VALUES (old.target, old.seq)
                ON CONFLICT (target) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
        END;

        CREATE TRIGGER messages_after_update AFTER UPDATE OF text ON messages WHEN old.id <= (SELECT indexed_up_to FROM fts_state) BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
        END;
        """;

    /// <summary>
    /// Version 1. Times are integer Unix milliseconds (UTC): exact, compact, and ordered as numbers.
    /// The FTS table is external-content over <c>messages.text</c>, kept in step by triggers, so that every
    /// delete (retention, or an operator in the sqlite3 shell) also removes the search entry.
    /// <c>retired_sequences</c> remembers the highest sequence deleted per target, so that when retention
    /// empties a conversation its sequence still continues instead of restarting at 1.
    /// </summary>
    private const string Version1 = """
        CREATE TABLE messages (
            id             INTEGER PRIMARY KEY,
            msgid          TEXT    NOT NULL UNIQUE,
            time           INTEGER NOT NULL,
            target         TEXT    NOT NULL,
            seq            INTEGER NOT NULL,
            kind           INTEGER NOT NULL,
            sender_nick    TEXT    NOT NULL,
            sender_account TEXT,
            recipient      TEXT,
            text           TEXT    NOT NULL,
            sender_user    TEXT    NOT NULL DEFAULT '',
            sender_host    TEXT    NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX messages_target_seq ON messages (target, seq);
        CREATE INDEX messages_target_time ON messages (target, time);

        CREATE VIRTUAL TABLE messages_fts USING fts5 (
            text,
            content = 'messages',
            content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        );

        CREATE TABLE retired_sequences (
            target   TEXT    PRIMARY KEY,
            last_seq INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TRIGGER messages_after_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
        END;

        CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO retired_sequences (target, last_seq) VALUES (old.target, old.seq)
                ON CONFLICT (target) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
        END;

        CREATE TRIGGER messages_after_update AFTER UPDATE OF text ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
        END;
        """;
}
