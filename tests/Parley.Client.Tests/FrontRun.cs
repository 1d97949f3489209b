using Parley.Client.Cli;

namespace Parley.Client.Tests;

/// <summary>Runs a <see cref="ConsoleFront"/> against an address with captured output and error text.</summary>
internal sealed class FrontRun
{
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };

    public FrontRun(TextReader input, string address, TimeSpan? quitTimeout = null)
    {
        Assert.True(ServerAddress.TryParse(address, null, out var server, out var problem), problem);
        var options = new ClientOptions(server, TimeSpan.FromSeconds(5), quitTimeout ?? TimeSpan.FromSeconds(5));
        Running = new ConsoleFront(input, _output, _error).RunAsync(options, Cancellation.Token);
    }

    public Task<int> Running { get; }

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Read only after <see cref="ExitCodeAsync"/>: the receive loop is the only writer until then.</summary>
    public string Output => _output.ToString();

    public string Error => _error.ToString();

    public async Task<int> ExitCodeAsync() => await Running.WaitAsync(FakeServer.Timeout);
}
