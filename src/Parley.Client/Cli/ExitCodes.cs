namespace Parley.Client.Cli;

/// <summary>Process exit codes of <c>parley</c>; documented in --help and docs/client.md.</summary>
public static class ExitCodes
{
    /// <summary>The session ended normally (stdin ended or /quit, then the server closed).</summary>
    public const int Ok = 0;

    /// <summary>Bad command line or an unexpected local error (e.g. stdout closed).</summary>
    public const int Error = 1;

    /// <summary>Could not connect: refused, unknown host, timed out.</summary>
    public const int CannotConnect = 2;

    /// <summary>The server closed or reset the connection while we still had input to send.</summary>
    public const int ConnectionLost = 3;

    /// <summary>Interrupted by Ctrl-C (SIGINT) or SIGTERM; 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>The text shown under "Exit codes" in --help.</summary>
    public const string HelpText =
        """
        Exit codes:
          0    session ended normally (stdin ended or /quit, then the server closed)
          1    bad command line or unexpected local error
          2    cannot connect (refused, unknown host, timed out)
          3    connection lost (server closed or reset it while input was still open)
          130  interrupted (Ctrl-C)
        """;
}
