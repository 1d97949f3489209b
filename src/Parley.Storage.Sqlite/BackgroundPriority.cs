using System.Runtime.InteropServices;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Lowers the CPU priority of the calling thread (Linux "nice" 19), so that the store's background work uses the
/// CPU that delivery leaves idle instead of competing with it. .NET's <see cref="Thread.Priority"/> has no effect
/// on Linux for an unprivileged process, hence the system call; elsewhere this does nothing.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Lowest = 19;

    /// <summary>Returns whether the priority was lowered.</summary>
    public static bool LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // On Linux, PRIO_PROCESS with a thread id sets the nice value of that one thread.
            return SetPriority(PrioProcess, GetThreadId(), Lowest) == 0;
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
