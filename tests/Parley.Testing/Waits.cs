namespace Parley.Testing;

/// <summary>Timeouts for waiting on events (never fixed sleeps). Generous: CI shares 2 cores with the server.</summary>
public static class Waits
{
    public static TimeSpan Short { get; } = TimeSpan.FromSeconds(10);
    public static TimeSpan Long { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Polls a condition until it holds (for state with no event to await, e.g. the hub's counts).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Short);
        var delay = TimeSpan.FromMilliseconds(5);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "a condition"));
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(100, delay.TotalMilliseconds * 2));
        }
    }
}
