using System.Globalization;

namespace Parley.Storage.Sqlite.Tests;

/// <summary>
/// CPU time of the calling thread, from Linux's <c>/proc/thread-self/schedstat</c> (nanoseconds on CPU).
/// The machine's cores are shared with other builds, so wall time alone mostly measures their load;
/// Append runs entirely on the calling thread (SQLite is synchronous), so its CPU time is the steadier measure.
/// </summary>
internal static class ThreadCpuClock
{
    private const string Source = "/proc/thread-self/schedstat";

    /// <summary>The calling thread's CPU time so far, or null where the kernel does not say.</summary>
    public static TimeSpan? Now()
    {
        try
        {
            var fields = File.ReadAllText(Source).Split(' ');
            return TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
