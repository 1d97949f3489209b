namespace Parley.Storage.Sqlite.Tests;

/// <summary><c>Latest</c> answered from the in-memory rings gives what the tables give, before and after commits,
/// retention and a restart.</summary>
public sealed class LatestFromMemoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteStoreOptions Options(int perConversation = 50) =>
        _dir.Options() with { RecentMessagesPerConversation = perConversation };

    [Fact]
    public void Reads_after_the_first_see_every_later_commit_with_its_stored_form()
    {
        using var store = SqliteMessageStore.Open(Options());
        store.Append(Messages.Run("#a", 30));
        Assert.Equal(Messages.Range(11, 30), Messages.Seqs(store.Latest("#a", 20))); // fills the ring

        store.Append(Messages.Run("#a", 5, first: 31));
        store.Append(Messages.Run("#b", 3)); // another conversation
        var fromMemory = store.Latest("#a", 20);

        Assert.Equal(Messages.Range(16, 35), Messages.Seqs(fromMemory));
        store.WriteOutPending();
        using var reopened = Reopen(store);
        Assert.Equal(reopened.Latest("#a", 20), fromMemory); // records compare by value: ids, times, texts
    }

    [Fact]
    public void Reads_longer_than_a_ring_come_from_the_tables()
    {
        using var store = SqliteMessageStore.Open(Options(perConversation: 10));
        store.Append(Messages.Run("#a", 30));
        store.Latest("#a", 5);

        Assert.Equal(Messages.Range(6, 30), Messages.Seqs(store.Latest("#a", 25)));
        Assert.Equal(Messages.Range(26, 30), Messages.Seqs(store.Latest("#a", 5)));
    }

    [Fact]
    public void Retention_empties_the_rings()
    {
        using var store = SqliteMessageStore.Open(Options());
        store.Append(Messages.Run("#a", 30));
        Assert.Equal(20, store.Latest("#a", 20).Count);

        store.ApplyRetention(new Parley.Core.Storage.RetentionPolicy(null, 5), DateTimeOffset.UtcNow);

        Assert.Equal(Messages.Range(26, 30), Messages.Seqs(store.Latest("#a", 20)));
    }

    [Fact]
    public void With_the_rings_off_every_read_goes_to_the_tables()
    {
        using var store = SqliteMessageStore.Open(Options(perConversation: 0));
        store.Append(Messages.Run("#a", 30));
        store.Latest("#a", 20);
        store.Append(Messages.Run("#a", 2, first: 31));

        Assert.Equal(Messages.Range(13, 32), Messages.Seqs(store.Latest("#a", 20)));
    }

    private SqliteMessageStore Reopen(SqliteMessageStore store)
    {
        store.Dispose();
        return SqliteMessageStore.Open(Options(perConversation: 0));
    }
}
