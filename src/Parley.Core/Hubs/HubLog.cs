using Microsoft.Extensions.Logging;

namespace Parley.Core.Hubs;

/// <summary>The hub's log events (source-generated; no message contents at Information).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Session {SessionId} left the hub: {Reason}")]
    public static partial void Disconnected(ILogger logger, long sessionId, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "The store refused a batch; its messages were not delivered")]
    public static partial void StoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Work for session {SessionId} failed; closing that connection")]
    public static partial void WorkFailed(ILogger logger, long sessionId, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Server work failed")]
    public static partial void ServerWorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Hub stopped after committing {Messages} messages in {Batches} batches")]
    public static partial void Stopped(ILogger logger, long messages, long batches);
}
