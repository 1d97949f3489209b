using System.Globalization;

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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!StoreThreadNiceValues().Contains(10))
        {
            Assert.True(DateTime.UtcNow < deadline, "no parley-store thread at nice 10: " + string.Join(", ", StoreThreadNiceValues()));
            await Task.Delay(10);
        }
    }

    [Fact]
    public void A_nice_value_outside_0_to_19_is_refused()
    {
        Assert.Contains("BackgroundNice", (_dir.Options() with { BackgroundNice = 20 }).Validate(), StringComparison.Ordinal);
        Assert.Contains("BackgroundNice", (_dir.Options() with { BackgroundNice = -1 }).Validate(), StringComparison.Ordinal);
        Assert.Null((_dir.Options() with { BackgroundNice = 19 }).Validate());
    }

    /// <summary>The nice value of every thread of this process named parley-store (from /proc).</summary>
    private static List<int> StoreThreadNiceValues()
    {
        var values = new List<int>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != "parley-store")
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // After the command name's closing parenthesis come the fields from the third on; nice is the 19th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                values.Add(int.Parse(fields[16], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended while it was read.
            }
        }

        return values;
    }
}
