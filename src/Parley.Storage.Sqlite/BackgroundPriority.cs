using System.Runtime.InteropServices;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Sets the nice value of the calling thread (Linux), for the store's background thread
/// (<see cref="SqliteStoreOptions.BackgroundNice"/>). .NET's <see cref="Thread.Priority"/> has no effect on Linux for
/// an unprivileged process, hence the system call; elsewhere this does nothing.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;

    /// <summary>Returns whether the thread's nice value was set.</summary>
    public static bool SetCurrentThreadNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // On Linux, PRIO_PROCESS with a thread id sets the nice value of that one thread.
            return SetPriority(PrioProcess, GetThreadId(), nice) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
