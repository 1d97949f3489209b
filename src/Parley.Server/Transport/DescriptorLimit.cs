using System.Globalization;

namespace Parley.Server.Transport;

/// <summary>
/// How many connections fit under the process's limit of open descriptors (Linux), for the default of
/// <c>Parley:Connection:MaxConnections</c>.
/// </summary>
internal static class DescriptorLimit
{
    /// <summary>Descriptors kept free for what the server opens besides connections: store files, the log, the runtime.</summary>
    internal const int Reserve = 256;

    /// <summary>The soft limit less the descriptors open now and <see cref="Reserve"/>; unbounded where it cannot be read.</summary>
    public static int ConnectionsThatFit()
    {
        var limit = SoftLimit();
        if (limit is null)
        {
            return int.MaxValue;
        }

        var open = Directory.GetFiles("/proc/self/fd").Length;
        return (int)Math.Clamp(limit.Value - open - Reserve, 1, int.MaxValue);
    }

    /// <summary>"Max open files" of /proc/self/limits (the runtime has already raised it to the hard limit).</summary>
    internal static long? SoftLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
