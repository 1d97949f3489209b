using Microsoft.AspNetCore.Connections;
using Parley.Core.Sessions;

namespace Parley.Server.Hosting;

/// <summary>
/// The one-call adapter from a Kestrel connection to a door's session (ARCHITECTURE: "a Kestrel ConnectionHandler is
/// a one-call adapter"). Logs the connection's life at Debug, never its contents.
/// </summary>
/// <remarks>
/// Debug, not Information: two console lines per connection cost a reconnect storm a fifth of the server's CPU
/// (measured with <c>parley-bench churn</c>, docs/benchmarks.md), and the console logger's queue blocks the
/// threads that log once it is full, so a flood of connections could stall the server on its own log.
/// </remarks>
public abstract partial class DoorConnectionHandler(ILogger logger) : ConnectionHandler
{
    protected abstract string DoorName { get; }

    protected abstract PipeSession CreateSession(ConnectionContext connection);

    /// <remarks>
    /// Not an async method: the session's own task is the connection's, and it logs how it ended. An async wrapper
    /// here would keep one more state machine alive for every connection's lifetime (120 bytes each while idle).
    /// </remarks>
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var session = CreateSession(connection);
        session.UseAbort(connection);
        Log.Connected(logger, DoorName, session.Id, connection.RemoteEndPoint);
        return session.RunAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "{Door} connection {SessionId} from {Remote}")]
        public static partial void Connected(ILogger logger, string door, long sessionId, System.Net.EndPoint? remote);
    }
}
