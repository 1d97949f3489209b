using System.CommandLine;
using System.Globalization;

namespace Parley.Client.Cli;

/// <summary>The <c>parley</c> command line: arguments, options, help text and validation.</summary>
public static class ClientCommand
{
    /// <summary>
    /// Builds the root command. <paramref name="run"/> gets validated options; injecting it keeps the
    /// parsing testable without opening a connection.
    /// </summary>
    public static RootCommand Create(Func<ClientOptions, CancellationToken, Task<int>> run)
    {
        var address = new Argument<string>("address")
        {
            Description = $"Server as HOST, HOST:PORT, [IPv6]:PORT or an IPv6 literal (default localhost:{ServerAddress.DefaultPort}).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "localhost",
        };
        var port = new Option<int?>("--port", "-p")
        {
            Description = $"Server port when the address names none (default {ServerAddress.DefaultPort}).",
            HelpName = "port",
        };
        var connectTimeout = new Option<double>("--connect-timeout")
        {
            Description = "Seconds to wait for the connection (name lookup included).",
            HelpName = "seconds",
            DefaultValueFactory = _ => ClientOptions.DefaultConnectTimeout.TotalSeconds,
        };
        var quitTimeout = new Option<double>("--quit-timeout")
        {
            Description = "Seconds to wait, after sending /quit, for the server to close the connection.",
            HelpName = "seconds",
            DefaultValueFactory = _ => ClientOptions.DefaultQuitTimeout.TotalSeconds,
        };
        connectTimeout.Validators.Add(r => RequirePositive(r, r.GetValueOrDefault<double>(), "--connect-timeout"));
        quitTimeout.Validators.Add(r => RequirePositive(r, r.GetValueOrDefault<double>(), "--quit-timeout"));

        var root = new RootCommand(
            $"""
            Terminal client of the Parley chat server's line port. Sends each line read from standard
            input, prints each line the server sends, both at once. When input ends it half-closes the
            connection and keeps printing until the server closes; /quit waits for the server to close.

            {ExitCodes.HelpText}
            """)
        {
            address,
            port,
            connectTimeout,
            quitTimeout,
        };

        root.Validators.Add(result =>
        {
            var text = result.GetValue(address) ?? "localhost";
            if (!ServerAddress.TryParse(text, result.GetValue(port), out _, out var error))
            {
                result.AddError($"Invalid address '{text}': {error}.");
            }
        });

        root.SetAction((parse, cancellationToken) =>
        {
            ServerAddress.TryParse(parse.GetValue(address) ?? "localhost", parse.GetValue(port), out var server, out _);
            var options = new ClientOptions(
                server,
                TimeSpan.FromSeconds(parse.GetValue(connectTimeout)),
                TimeSpan.FromSeconds(parse.GetValue(quitTimeout)));
            return run(options, cancellationToken);
        });
        return root;
    }

    private static void RequirePositive(System.CommandLine.Parsing.OptionResult result, double seconds, string name)
    {
        // TimeSpan.FromSeconds overflows well before double does; a day is more than any sane wait.
        if (!(seconds > 0 && seconds <= TimeSpan.FromDays(1).TotalSeconds))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between 0 and 86400 seconds, not {seconds}."));
        }
    }
}
