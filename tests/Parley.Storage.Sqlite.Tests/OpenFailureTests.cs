namespace Parley.Storage.Sqlite.Tests;

public sealed class OpenFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_file_of_random_bytes_is_refused()
    {
        var bytes = new byte[64 * 1024];
        new Random(1234).NextBytes(bytes);
        File.WriteAllBytes(_dir.File(), bytes);

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));

        Assert.Contains(_dir.File(), refused.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", refused.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(_dir.File())); // and it was left untouched
    }

    [Fact]
    public void A_database_with_a_damaged_header_is_refused()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 10));
        }

        using (var file = new FileStream(_dir.File(), FileMode.Open, FileAccess.Write))
        {
            file.Write(new byte[100]); // zero the 100-byte header, magic string included
        }

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains(_dir.File(), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_that_cannot_be_created_is_refused()
    {
        // Tests run as root, and root ignores permission bits, so a chmod'ed directory would still be writable.
        // A regular file where a directory should be fails for every user: nothing can be created "inside" it.
        var file = _dir.File("not-a-directory");
        File.WriteAllText(file, "I am a file");
        var options = new SqliteStoreOptions { Path = Path.Combine(file, "sub", "parley.db") };

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(options));

        Assert.Contains(options.Path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("cannot create the directory", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_is_a_directory_is_refused()
    {
        Directory.CreateDirectory(_dir.File());

        var refused = Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options()));
        Assert.Contains(_dir.File(), refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Invalid_options_are_refused(string path)
    {
        Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(new SqliteStoreOptions { Path = path }));
        Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options() with { ReadConnections = 0 }));
        Assert.Throws<StoreOpenException>(() => SqliteMessageStore.Open(_dir.Options() with { BusyTimeout = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public void A_healthy_database_passes_the_optional_quick_check()
    {
        using (var store = SqliteMessageStore.Open(_dir.Options()))
        {
            store.Append(Messages.Run("#a", 10));
        }

        using var again = SqliteMessageStore.Open(_dir.Options() with { QuickCheckOnOpen = true });
        Assert.Equal(10, again.LastSequence("#a"));
    }
}
