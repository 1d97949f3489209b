namespace Parley.Server.Hosting;

/// <summary>The short command-line switches; every setting also works as <c>--Parley:Section:Name=value</c> or <c>Parley__Section__Name</c>.</summary>
internal static class SwitchMappings
{
    public static Dictionary<string, string> All { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--bind"] = "Parley:Bind",
        ["--server-name"] = "Parley:ServerName",
        ["--line-port"] = "Parley:Line:Port",
        ["--max-line"] = "Parley:Line:MaxLineBytes",
        ["--irc-port"] = "Parley:Irc:Port",
        ["--irc-password"] = "Parley:Irc:Password",
        ["--flood-control"] = "Parley:Flood:Enabled",
        ["--send-queue"] = "Parley:SendQueueBytes",
        ["--default-room"] = "Parley:DefaultRoom",
        ["--history-on-join"] = "Parley:HistoryOnJoin",
        ["--history"] = "Parley:Storage:Enabled",
        ["--data-dir"] = "Parley:Storage:DataDir",
        ["--keepalive-idle"] = "Parley:Connection:KeepAliveIdle",
    };
}
