using Parley.Core.Sessions;

namespace Parley.Core.Tests.Sessions;

/// <summary>The Outbox's writer wait as a task, so that tests can await what a writer would be woken for.</summary>
internal static class OutboxWaits
{
    /// <summary>True when bytes are queued (or at a wake-up that finds none), false once complete and empty.</summary>
    public static ValueTask<bool> WaitToReadAsync(this Outbox outbox)
    {
        var waiter = new Waiter(outbox);
        return outbox.WaitToRead(out var more, waiter) ? new ValueTask<bool>(more) : new ValueTask<bool>(waiter.Woken);
    }

    private sealed class Waiter(Outbox outbox) : IThreadPoolWorkItem
    {
        private readonly TaskCompletionSource<bool> _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> Woken => _woken.Task;

        // A wake-up that finds nothing queued still ends the wait with true, as a writer would then look and find nothing.
        public void Execute() => _woken.TrySetResult(!outbox.WaitToRead(out var more, this) || more);
    }
}
