using System.Runtime.InteropServices;

namespace Parley.Server.Transport;

/// <summary>The Linux system calls a <see cref="ReadLoop"/> needs: epoll itself and an eventfd to wake it.</summary>
/// <remarks>
/// Only on Linux x64, where <c>struct epoll_event</c> is packed (12 bytes); other architectures lay it out
/// differently, and there the doors keep .NET's socket engine (<see cref="IsSupported"/>).
/// </remarks>
internal static unsafe partial class Epoll
{
    public const uint In = 0x001;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;
    public const uint ReadHangUp = 0x2000;
    public const uint OneShot = 1u << 30;
    public const uint EdgeTriggered = 1u << 31;

    public const int Add = 1;
    public const int Modify = 3;

    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int Interrupted = 4;

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>A new epoll instance; throws when the system refuses one.</summary>
    public static int Create() => Check(EpollCreate1(CloseOnExec), "epoll_create1");

    /// <summary>A new non-blocking eventfd, the loop's doorbell.</summary>
    public static int CreateEvent() => Check(EventFd(0, CloseOnExec | NonBlocking), "eventfd");

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>, reporting <paramref name="token"/> with them.</summary>
    public static void Watch(int epoll, int fd, uint events, ulong token)
    {
        var e = new Event { Events = events, Data = token };
        Check(EpollCtl(epoll, Add, fd, &e), "epoll_ctl");
    }

    /// <summary>Arms a one-shot watch again; false when the descriptor is no longer watched (closed).</summary>
    public static bool Rewatch(int epoll, int fd, uint events, ulong token)
    {
        var e = new Event { Events = events, Data = token };
        return EpollCtl(epoll, Modify, fd, &e) == 0;
    }

    /// <summary>Waits for events; 0 when interrupted by a signal (the caller simply waits again).</summary>
    public static int Wait(int epoll, Event* events, int max)
    {
        var n = EpollWait(epoll, events, max, -1);
        if (n < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
            return 0;
        }

        return Check(n, "epoll_wait");
    }

    /// <summary>Rings the doorbell: the loop's next wait returns at once.</summary>
    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = Write(eventFd, &one, sizeof(ulong));
    }

    /// <summary>Silences the doorbell after it rang.</summary>
    public static void Drain(int eventFd)
    {
        ulong count;
        _ = Read(eventFd, &count, sizeof(ulong));
    }

    public static void CloseDescriptor(int fd) => _ = Close(fd);

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");

    /// <summary><c>struct epoll_event</c> as x64 Linux lays it out.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct Event
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, Event* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, Event* events, int max, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
