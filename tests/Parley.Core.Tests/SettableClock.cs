namespace Parley.Core.Tests;

/// <summary>A clock a test can also step back (FakeTimeProvider refuses to).</summary>
internal sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
