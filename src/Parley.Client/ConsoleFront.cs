using Parley.Client.Cli;
using Parley.Client.Connection;

namespace Parley.Client;

/// <summary>
/// The line front: wires an input reader (the keyboard or a pipe) and an output writer to a
/// <see cref="ChatConnection"/>, as two concurrent loops, and turns the way the session ended into an
/// exit code. All streams are injected, so tests drive it with in-memory readers and writers.
/// </summary>
public sealed class ConsoleFront
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    // Set by the input loop before it sends /quit or half-closes, read by the main flow after the
    // receive loop ends: a server close that follows our own goodbye is not a "lost" connection.
    private volatile bool _inputFinished;

    public ConsoleFront(TextReader input, TextWriter output, TextWriter error)
    {
        _input = input;
        _output = output;
        _error = error;
    }

    /// <summary>How the input side ended.</summary>
    private enum InputEnd
    {
        EndOfInput,
        Quit,
    }

    /// <summary>Connects, runs the session to its end and returns the process exit code.</summary>
    public async Task<int> RunAsync(ClientOptions options, CancellationToken cancellationToken)
    {
        ChatConnection connection;
        try
        {
            connection = await ChatConnection.ConnectAsync(
                options.Address.Host, options.Address.Port, options.ConnectTimeout, cancellationToken);
        }
        catch (ChatConnectException ex)
        {
            await _error.WriteLineAsync($"parley: cannot connect to {options.Address}: {ex.Message}");
            return ExitCodes.CannotConnect;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }

        await using (connection)
        {
            return await RunSessionAsync(connection, options, cancellationToken);
        }
    }

    /// <summary>Runs a session over an already open connection (the part a test can feed in memory).</summary>
    public async Task<int> RunSessionAsync(ChatConnection connection, ClientOptions options, CancellationToken cancellationToken)
    {
        var receiving = ReceiveLoopAsync(connection, cancellationToken);
        var sending = InputLoopAsync(connection, cancellationToken);

        // Ctrl-C must win even while the input loop sits in a read of stdin, which a console stream
        // does not abandon on cancellation; so cancellation is a third thing to wait for.
        var interrupted = Task.Delay(Timeout.Infinite, cancellationToken);

        var first = await Task.WhenAny(receiving, sending, interrupted);
        if (first == interrupted || cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (first == receiving && !_inputFinished)
        {
            // The server went away while the user could still type: that is a lost connection.
            return await ReportLostAsync(options, receiving, "server closed the connection");
        }

        InputEnd end;
        try
        {
            end = await sending;
        }
        catch (ConnectionLostException ex)
        {
            // A send failed; the receive loop usually knows better why (reset vs. close).
            return await ReportLostAsync(options, receiving, ex.Message);
        }

        // Nothing more to send: half-close so the server sees end of input and can finish, then
        // print what it still sends until it closes.
        connection.CompleteSending();
        return await DrainAsync(receiving, end, options, cancellationToken);
    }

    private async Task<int> DrainAsync(Task receiving, InputEnd end, ClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            if (end == InputEnd.Quit)
            {
                await receiving.WaitAsync(options.QuitTimeout, cancellationToken);
            }
            else
            {
                // After end of input the server decides when we are done (like `nc -N`): no timeout.
                await receiving.WaitAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        }
        catch (TimeoutException)
        {
            await _error.WriteLineAsync(
                $"parley: server did not close the connection within {options.QuitTimeout.TotalSeconds:0.###} s after /quit; leaving");
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (ConnectionLostException) when (end == InputEnd.Quit)
        {
            // A server that closes right after /quit with our bytes unread makes the kernel send a
            // reset: the session still ended as asked.
            return ExitCodes.Ok;
        }
        catch (ConnectionLostException ex)
        {
            await _error.WriteLineAsync($"parley: connection to {options.Address} lost: {ex.Message}");
            return ExitCodes.ConnectionLost;
        }
        catch (IOException ex)
        {
            await _error.WriteLineAsync($"parley: cannot write output: {ex.Message}");
            return ExitCodes.Error;
        }
    }

    private async Task<int> ReportLostAsync(ClientOptions options, Task receiving, string fallbackReason)
    {
        var reason = fallbackReason;
        if (receiving.IsCompleted)
        {
            switch (receiving.Exception?.InnerException)
            {
                case ConnectionLostException lost:
                    reason = lost.Message;
                    break;
                case IOException io:
                    await _error.WriteLineAsync($"parley: cannot write output: {io.Message}");
                    return ExitCodes.Error;
                default:
                    break;
            }
        }

        await _error.WriteLineAsync($"parley: connection to {options.Address} lost: {reason}");
        return ExitCodes.ConnectionLost;
    }

    /// <summary>Prints every received line until the server closes (returns) or the connection fails (throws).</summary>
    private async Task ReceiveLoopAsync(ChatConnection connection, CancellationToken cancellationToken)
    {
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            await _output.WriteLineAsync(line);

            // Flushed per line so a pipe reader (or a person) sees each line as it arrives.
            await _output.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Sends every input line until end of input or /quit.</summary>
    private async Task<InputEnd> InputLoopAsync(ChatConnection connection, CancellationToken cancellationToken)
    {
        // Let the receive loop start first, so a synchronous reader (a StringReader in tests, a
        // redirected file) cannot run this whole loop before the first await.
        await Task.Yield();
        while (await _input.ReadLineAsync(cancellationToken) is { } line)
        {
            var quit = IsQuit(line);
            if (quit)
            {
                _inputFinished = true;
            }

            await connection.SendLineAsync(line, cancellationToken);
            if (quit)
            {
                return InputEnd.Quit;
            }
        }

        _inputFinished = true;
        return InputEnd.EndOfInput;
    }

    /// <summary><c>/quit</c>, optionally with a parting message, in any letter case.</summary>
    internal static bool IsQuit(string line)
    {
        var text = line.AsSpan().TrimStart();
        return text.StartsWith("/quit", StringComparison.OrdinalIgnoreCase)
            && (text.Length == 5 || char.IsWhiteSpace(text[5]));
    }
}
