using System.Diagnostics;

namespace Parley.Bench.Metrics;

/// <summary>
/// CPU and memory of a process from /proc (Linux). Used for the server under test so a run
/// shows whether the server or the generator was the one saturated.
/// </summary>
public static class ProcStats
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat. It is 100 on every Linux ABI .NET
    // runs on (the kernel exports it as a constant to user space, whatever CONFIG_HZ is).
    private const double ClockTicksPerSecond = 100.0;

    /// <summary>utime+stime of <paramref name="pid"/>, or null if it cannot be read.</summary>
    public static TimeSpan? ProcessCpu(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields resume after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Resident set size of <paramref name="pid"/> in KiB (VmRSS), or null.</summary>
    public static long? ResidentKib(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim());
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    public static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
