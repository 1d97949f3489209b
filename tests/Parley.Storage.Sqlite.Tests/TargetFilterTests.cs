namespace Parley.Storage.Sqlite.Tests;

public sealed class TargetFilterTests
{
    [Fact]
    public void What_was_added_is_always_found_and_what_was_not_is_almost_never()
    {
        var filter = new TargetFilter();
        var added = Enumerable.Range(0, 50_000).Select(i => $"@user{i},peer{i % 977}").ToList();
        foreach (var target in added)
        {
            filter.Add(target);
        }

        Assert.All(added, target => Assert.True(filter.MightContain(target)));
        var falseMaybes = Enumerable.Range(0, 50_000).Count(i => filter.MightContain($"#never{i}"));
        Assert.InRange(falseMaybes, 0, 50); // 0.1%: the filter's promise at this size is far below that
    }

    [Fact]
    public void A_store_reopened_knows_its_conversations_again_including_those_retention_emptied()
    {
        using var dir = new TempDirectory();
        using (var store = SqliteMessageStore.Open(dir.Options()))
        {
            store.Append(Messages.Run("#kept", 3));
            store.Append(Messages.Run("#emptied", 4));
            store.Append([Messages.Room("#other", 1)]);
            store.ApplyRetention(new Parley.Core.Storage.RetentionPolicy(null, 1), DateTimeOffset.UtcNow);
            RawDatabase.Execute(dir.File(), "DELETE FROM messages WHERE target = '#emptied'");
        }

        using var reopened = SqliteMessageStore.Open(dir.Options());
        Assert.Equal(3, reopened.LastSequence("#kept"));
        Assert.Equal(4, reopened.LastSequence("#emptied"));
        Assert.Equal(0, reopened.LastSequence("#new"));
    }
}
