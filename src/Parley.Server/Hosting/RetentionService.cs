using Microsoft.Extensions.Options;
using Parley.Core.Storage;

namespace Parley.Server.Hosting;

/// <summary>
/// Applies the retention policy now and then, on a thread-pool thread (never the hub's): the store deletes in
/// small transactions, so the Journal's commits wait at most one of them.
/// </summary>
public sealed partial class RetentionService(IMessageStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var policy = new RetentionPolicy(settings.RetentionMaxAge, settings.RetentionMaxMessages);
        if (!settings.Enabled || policy.KeepsEverything)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.RetentionInterval, time);
        do
        {
            try
            {
                var removed = await Task.Run(() => store.ApplyRetention(policy, time.GetUtcNow()), stoppingToken);
                if (removed > 0)
                {
                    Log.Removed(logger, removed);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Failed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Retention removed {Count} messages")]
        public static partial void Removed(ILogger logger, long count);

        [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Retention failed; it will try again")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
