using System.Globalization;

namespace Parley.Testing;

/// <summary>Reads the nice values of this process's threads from /proc (Linux), to check what a server set.</summary>
public static class ThreadNice
{
    /// <summary>The nice value of every thread of this process named <paramref name="threadName"/>.</summary>
    public static List<int> Of(string threadName)
    {
        var values = new List<int>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != threadName)
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

    /// <summary>Waits until a thread named <paramref name="threadName"/> runs at <paramref name="nice"/>.</summary>
    public static async Task WaitForAsync(string threadName, int nice, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Of(threadName).Contains(nice))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"no {threadName} thread at nice {nice}: {string.Join(", ", Of(threadName))}");
            }

            await Task.Delay(10);
        }
    }
}
