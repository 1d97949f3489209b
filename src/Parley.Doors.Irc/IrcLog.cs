using Microsoft.Extensions.Logging;

namespace Parley.Doors.Irc;

/// <summary>The IRC door's log events (ids 500–599). Never message contents, never passwords.</summary>
internal static partial class IrcLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "IRC session {SessionId} registered as {Nick} with capabilities {Caps}")]
    public static partial void Registered(ILogger logger, long sessionId, string nick, IrcCaps caps);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "IRC session {SessionId} ({Nick}) is now a server operator as {OperName}")]
    public static partial void OperGranted(ILogger logger, long sessionId, string nick, string operName);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "IRC session {SessionId} ({Nick}) failed OPER as {OperName}")]
    public static partial void OperFailed(ILogger logger, long sessionId, string nick, string operName);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "IRC operator {Nick} killed {Victim}")]
    public static partial void Killed(ILogger logger, string nick, string victim);

    [LoggerMessage(EventId = 504, Level = LogLevel.Debug, Message = "IRC session {SessionId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, long sessionId, string reason);
}
