using Parley.Client.Cli;

namespace Parley.Client.Tests;

/// <summary>The command line, with the run step replaced by a recorder.</summary>
public sealed class ClientCommandTests
{
    private static (int ExitCode, ClientOptions? Options) Invoke(params string[] args)
    {
        ClientOptions? seen = null;
        var command = ClientCommand.Create((options, _) =>
        {
            seen = options;
            return Task.FromResult(42);
        });
        var parse = command.Parse(args);
        var exitCode = parse.Invoke(new() { Output = TextWriter.Null, Error = TextWriter.Null });
        return (exitCode, seen);
    }

    [Fact]
    public void Defaults_to_localhost_5015()
    {
        var (exitCode, options) = Invoke();
        Assert.Equal(42, exitCode);
        Assert.Equal(new ClientOptions(new("localhost", 5015), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), options);
    }

    [Fact]
    public void Takes_port_and_timeouts()
    {
        var (_, options) = Invoke("[::1]", "--port", "6000", "--connect-timeout", "2.5", "--quit-timeout", "1");
        Assert.Equal(new ClientOptions(new("::1", 6000), TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(1)), options);
    }

    [Theory]
    [InlineData("host:5015", "--port", "6000")]
    [InlineData("host:nope")]
    [InlineData("--quit-timeout", "0")]
    [InlineData("--connect-timeout", "-1")]
    public void Bad_command_lines_exit_1_without_running(params string[] args)
    {
        var (exitCode, options) = Invoke(args);
        Assert.Equal(ExitCodes.Error, exitCode);
        Assert.Null(options);
    }

    [Fact]
    public void Help_documents_the_exit_codes()
    {
        var output = new StringWriter();
        var exitCode = ClientCommand.Create((_, _) => Task.FromResult(0)).Parse(["--help"]).Invoke(new() { Output = output });
        Assert.Equal(0, exitCode);
        Assert.Contains("Exit codes:", output.ToString());
        Assert.Contains("3    connection lost", output.ToString());
    }
}
