using Parley.Testing;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>The catch-up thread writes out in place of a lower-priority background thread that fell behind.</summary>
public sealed class CatchUpTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_backlog_past_the_mark_is_written_out_by_a_thread_at_the_servers_priority()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10, CatchUpPendingMessages = 100 });
        var appended = 0;

        // Each append of 150 passes the mark at once. The background thread (every 250 ms) may take a backlog before
        // the catch-up thread gets the writer's lock, so append until the catch-up thread has written some. Each
        // append waits for that backlog to be taken first: appending without pause on a busy machine reached the
        // back-pressure bound, where each commit writes out by itself and leaves the catch-up thread nothing.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (store.CaughtUpMessages == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the catch-up thread never wrote out");
            store.Append(Messages.Run("#busy", 150, first: appended + 1));
            appended += 150;
            SpinWait.SpinUntil(() => store.CaughtUpMessages > 0 || store.PendingMessages <= 50, TimeSpan.FromSeconds(1));
        }

        // Started by this test's thread (a commit's), so at its priority: 0, where the background thread runs at 10.
        Assert.Contains(0, ThreadNice.Of("parley-catchup"));
        store.WriteOutPending();
        Assert.Equal(appended, store.Latest("#busy", appended + 10).Count);
        Assert.Equal(appended, store.LastSequence("#busy"));
    }

    [Fact]
    public void Below_the_mark_the_catch_up_thread_writes_nothing()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10, CatchUpPendingMessages = 1000 });

        for (var i = 0; i < 10; i++)
        {
            store.Append(Messages.Run("#calm", 50, first: (i * 50) + 1));
        }

        store.WriteOutPending();
        Assert.Equal(0, store.CaughtUpMessages);
        Assert.Equal(500, store.Latest("#calm", 600).Count);
    }

    [Fact]
    public void The_catch_up_thread_starts_only_when_a_lower_priority_background_thread_falls_behind()
    {
        using (var polite = SqliteMessageStore.Open(_dir.Options("polite.db") with { BackgroundNice = 5, CatchUpPendingMessages = 100 }))
        {
            Assert.False(polite.HasCatchUpThread);
            polite.Append(Messages.Run("#a", 100));
            Assert.False(polite.HasCatchUpThread); // at the mark, not past it
            polite.Append(Messages.Run("#a", 101, first: 101)); // past it, whatever the background wrote out meanwhile
            Assert.True(polite.HasCatchUpThread);
        }

        // At the server's own priority the background thread needs no help.
        using var plain = SqliteMessageStore.Open(_dir.Options("plain.db") with { CatchUpPendingMessages = 100 });
        plain.Append(Messages.Run("#a", 150));
        Assert.False(plain.HasCatchUpThread);
    }

    [Fact]
    public void A_mark_below_2_is_refused()
    {
        Assert.Contains("CatchUpPendingMessages", (_dir.Options() with { CatchUpPendingMessages = 1 }).Validate(), StringComparison.Ordinal);
        Assert.Null((_dir.Options() with { CatchUpPendingMessages = 2 }).Validate());
        Assert.Equal(10_000, new SqliteStoreOptions().CatchUpPendingMessages);
    }
}
