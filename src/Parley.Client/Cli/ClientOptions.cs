namespace Parley.Client.Cli;

/// <summary>Everything a client run needs, already validated by the command line.</summary>
/// <param name="Address">Server to connect to.</param>
/// <param name="ConnectTimeout">How long connecting (name lookup included) may take.</param>
/// <param name="QuitTimeout">After /quit, how long to wait for the server to close before leaving anyway.</param>
public sealed record ClientOptions(ServerAddress Address, TimeSpan ConnectTimeout, TimeSpan QuitTimeout)
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultQuitTimeout = TimeSpan.FromSeconds(5);
}
