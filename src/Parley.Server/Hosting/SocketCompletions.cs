namespace Parley.Server.Hosting;

/// <summary>
/// Applies <see cref="Parley.Core.Sessions.ConnectionOptions.InlineCompletions"/> to the runtime's socket engine,
/// which reads its environment variable once, when the process's first socket operation starts it. So this runs at
/// start-up, before any listener accepts; a value the environment already holds is the operator's and stays.
/// </summary>
internal static class SocketCompletions
{
    internal const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Sets the runtime's switch from configuration; returns whether completions run inline.</summary>
    public static bool Apply(IConfiguration configuration)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { } set)
        {
            set = configuration.GetValue("Parley:Connection:InlineCompletions", true) ? "1" : "0";
            Environment.SetEnvironmentVariable(Variable, set);
        }

        return set == "1";
    }
}
