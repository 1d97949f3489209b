using Parley.Testing;

namespace Parley.Storage.Sqlite.Tests;

public sealed class BackgroundPriorityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_background_thread_runs_at_the_nice_value_configured()
    {
        using var store = SqliteMessageStore.Open(_dir.Options() with { BackgroundNice = 10 });

        // Other tests' stores run their own background threads at 0; this store's thread is the one at 10.
        await ThreadNice.WaitForAsync("parley-store", 10, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_nice_value_outside_0_to_19_is_refused()
    {
        Assert.Contains("BackgroundNice", (_dir.Options() with { BackgroundNice = 20 }).Validate(), StringComparison.Ordinal);
        Assert.Contains("BackgroundNice", (_dir.Options() with { BackgroundNice = -1 }).Validate(), StringComparison.Ordinal);
        Assert.Null((_dir.Options() with { BackgroundNice = 19 }).Validate());
    }
}
