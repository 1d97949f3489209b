namespace Parley.Core.Tests;

/// <summary>
/// Runs test code on a thread of its own, as the hub's thread, a connection's reader or a read loop would run it:
/// the deferrals of writers and rounds are per thread, and must not stay behind on a pool thread.
/// </summary>
internal static class OwnThread
{
    public static Task<T> Run<T>(Func<T> body, string? name = null)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(body());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { Name = name }.Start();
        return done.Task;
    }
}
