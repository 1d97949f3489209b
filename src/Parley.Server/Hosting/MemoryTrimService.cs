using Microsoft.Extensions.Options;

namespace Parley.Server.Hosting;

/// <summary>
/// Looks every <see cref="MemoryOptions.TrimCheckInterval"/> whether the server is at rest after a busy period, and
/// then gives the memory the busy period left committed back to the system (<see cref="MemoryTrimPolicy"/>).
/// </summary>
/// <remarks>
/// The trim is a blocking collection: every thread of the server pauses for it (80–150 ms at 19,000 idle
/// connections; the log says how long). That is why it waits for rest and runs once per busy period.
/// </remarks>
internal sealed partial class MemoryTrimService(IOptions<MemoryOptions> options, IProcessMemory memory, TimeProvider time, ILogger<MemoryTrimService> logger)
    : BackgroundService
{
    private const double MiB = 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.TrimWhenIdle)
        {
            return;
        }

        var policy = new MemoryTrimPolicy(settings.QuietWorkItems, settings.MinimumTrimBytes);
        using var timer = new PeriodicTimer(settings.TrimCheckInterval, time);
        // The baseline (the first answer is always no): the first check then knows how busy the server has been.
        _ = policy.ShouldTrim(memory.Sample());
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var before = memory.Sample();
            if (!policy.ShouldTrim(before))
            {
                continue;
            }

            var started = time.GetTimestamp();
            memory.Trim();
            var pause = time.GetElapsedTime(started);
            var after = memory.Sample();
            policy.Trimmed(after);
            Log.Trimmed(logger, (before.CommittedBytes - after.CommittedBytes) / MiB, after.CommittedBytes / MiB, pause.TotalMilliseconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information,
            Message = "At rest after a busy period: returned {ReleasedMiB:F1} MiB to the system ({CommittedMiB:F1} MiB still committed); the collection paused the server for {PauseMs:F0} ms")]
        public static partial void Trimmed(ILogger logger, double releasedMiB, double committedMiB, double pauseMs);
    }
}
