using Microsoft.Extensions.Options;
using Parley.Core.Hubs;

namespace Parley.Server.Hosting;

/// <summary>
/// Runs the hub's thread for the life of the host. On Ctrl-C or SIGTERM (ApplicationStopping, which comes before
/// Kestrel stops) every client gets the closing notice and its queued bytes are flushed; the Journal commits what
/// is pending; then the store is closed.
/// </summary>
public sealed partial class HubService(HubLoop loop, IHostApplicationLifetime lifetime, IOptions<ServerOptions> options, Listeners listeners, ILogger<HubService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop.Start();
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var (door, endPoint) in listeners.All)
            {
                // Scripts and tests read this line to find ports given as 0.
                Log.Listening(logger, door, endPoint);
            }
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            Log.Stopping(logger);
            loop.Stop(options.Value.ShutdownNotice);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        loop.Stop(options.Value.ShutdownNotice);
        try
        {
            await loop.Stopped.WaitAsync(options.Value.ShutdownTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.StopTimedOut(logger);
        }

        loop.Hub.Store.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Listening: {Door} on {EndPoint}")]
        public static partial void Listening(ILogger logger, string door, System.Net.IPEndPoint endPoint);

        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stopping: telling clients and flushing")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The hub did not stop in time")]
        public static partial void StopTimedOut(ILogger logger);
    }
}
