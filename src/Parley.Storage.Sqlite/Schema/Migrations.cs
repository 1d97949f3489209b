namespace Parley.Storage.Sqlite;

/// <summary>The ordered list of schema versions this build knows. Add version 2 at the end; never edit a released one.</summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "messages, per-target indexes, FTS5 search, retired sequences", Version1),
    ];

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
