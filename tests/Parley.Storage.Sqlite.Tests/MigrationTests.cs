namespace Parley.Storage.Sqlite.Tests;

public sealed class MigrationTests : IDisposable
{
    private static readonly Migration Next = new(Migrations.All.Count + 1, "test: an edited_at column and a marker table", """
        ALTER TABLE messages ADD COLUMN edited_at INTEGER;
        CREATE TABLE test_marker (note TEXT NOT NULL);
        INSERT INTO test_marker (note) VALUES ('version 2 ran');
        """);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<Migration> KnowingNext => [.. Migrations.All, Next];

    [Fact]
    public void A_database_made_by_the_first_schema_version_is_upgraded_and_its_messages_stay_searchable()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options(), [Migrations.All[0]]))
        {
            Assert.Equal(1, store.SchemaVersion);
        }

        // Rows as the first version's build wrote them (its Append inserted straight into messages).
        RawDatabase.InsertVersion1Rows(_dir.File(), Messages.Run("#a", 3));

        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            Assert.Equal(Migrations.All.Count, store.SchemaVersion);
            Assert.Equal(Messages.Range(1, 3), Messages.Seqs(store.Latest("#a", 10)));
            var old = store.Latest("#a", 1)[0];
            store.Append(Messages.Run("#a", 2, first: 4));
            var word = old.Text.Split(' ')[0];
            Assert.NotEmpty(store.Search(null, null, word, 10));
            Assert.Equal(0, store.UnindexedRows);

            // Retention deletes indexed rows from the index, and leaves the index consistent.
            store.ApplyRetention(new Parley.Core.Storage.RetentionPolicy(null, 1), DateTimeOffset.UtcNow);
            Assert.Single(store.Latest("#a", 10));
        }

        Assert.Equal(Migrations.All.Count, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM schema_version"));
        Assert.Equal(1, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM messages_fts"));
        Assert.Equal(16, RawDatabase.Scalar(_dir.File(), "SELECT v FROM messages_fts_config WHERE k = 'automerge'"));
    }

    [Fact]
    public void A_new_database_gets_the_newest_schema()
    {
        using var store = SqliteMessageStore.Open(_dir.Options());

        Assert.Equal(Migrations.All.Count, store.SchemaVersion);
        Assert.Equal(Migrations.All.Count, RawDatabase.Scalar(_dir.File(), "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public void A_current_database_is_upgraded_by_a_build_that_knows_one_more_version()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            Assert.Equal(Migrations.All.Count, store.SchemaVersion);
            store.Append(Messages.Run("#a", 3));
        }

        using (var store = SqliteMessageStore.Open(_dir.Options(), KnowingNext))
        {
            Assert.Equal(Next.Version, store.SchemaVersion);
            Assert.Equal(Messages.Range(1, 3), Messages.Seqs(store.Latest("#a", 10)));
            store.Append(Messages.Run("#a", 1, first: 4));
        }

        Assert.Equal(Next.Version, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM schema_version"));
        Assert.Equal(1, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM test_marker"));
        Assert.Equal(4, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM messages WHERE edited_at IS NULL"));

        // Opening again applies nothing twice.
        using (var store = SqliteMessageStore.Open(_dir.Options(), KnowingNext))
        {
            Assert.Equal(Next.Version, store.SchemaVersion);
        }

        Assert.Equal(1, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM test_marker"));
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused()
    {
        using (SqliteMessageStore.Open(_dir.Options(), KnowingNext))
        {
        }

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));

        Assert.Contains(_dir.File(), refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(_dir.File(), refused.Path);
    }

    [Fact]
    public void Another_programs_sqlite_database_is_refused()
    {
        RawDatabase.Execute(_dir.File(), "CREATE TABLE accounts (name TEXT)");

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));

        Assert.Contains("not a Parley", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_must_be_numbered_without_gaps()
    {
        IReadOnlyList<Migration> gap = [.. Migrations.All, Next with { Version = Next.Version + 1 }];

        Assert.Throws<InvalidOperationException>(() => SqliteMessageStore.Open(_dir.Options(), gap));
    }

    [Fact]
    public void A_failing_migration_leaves_the_previous_version_intact()
    {
        using (SqliteMessageStore.Open(_dir.Options()))
        {
        }

        IReadOnlyList<Migration> broken = [.. Migrations.All, Next with { Sql = "CREATE TABLE test_marker (x); THIS IS NOT SQL;" }];
        Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options(), broken));

        using var store = SqliteMessageStore.Open(_dir.Options());
        Assert.Equal(Migrations.All.Count, store.SchemaVersion);
        Assert.Equal(0, RawDatabase.Scalar(_dir.File(), "SELECT count(*) FROM sqlite_schema WHERE name = 'test_marker'"));
    }
}
