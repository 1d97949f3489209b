using System.Diagnostics;
using Parley.Client.Cli;

namespace Parley.Client.Tests;

/// <summary>The built <c>parley</c> as a child process with piped stdin: the real console wiring end to end.</summary>
public sealed class BinaryPipeTests
{
    // The SDK copies a referenced exe project (dll, runtimeconfig, deps) next to the tests.
    private static readonly string ParleyDll = Path.Combine(AppContext.BaseDirectory, "parley.dll");

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ParleyDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    [Fact]
    public async Task Printf_hello_quit_pipe_works_end_to_end()
    {
        Assert.True(File.Exists(ParleyDll), $"missing {ParleyDll}");
        await using var server = new FakeServer();
        using var process = Start(server.Address);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Like `printf 'hello\n/quit\n' | parley HOST`: write everything, then end the pipe.
        await process.StandardInput.WriteAsync("hello\n/quit\n");
        process.StandardInput.Close();

        await server.AcceptAsync();
        Assert.Equal("hello", await server.ReadLineAsync());
        Assert.Equal("/quit", await server.ReadLineAsync());
        await server.SendAsync("* bye\n");
        server.Close();

        using var timeout = new CancellationTokenSource(FakeServer.Timeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal("", await stderr);
        Assert.Equal(ExitCodes.Ok, process.ExitCode);
        Assert.Equal("* welcome, you are guest1\n* bye\n", await stdout);
    }

    [Fact]
    public async Task Binary_exits_2_when_nothing_listens()
    {
        await using var server = new FakeServer();
        var address = server.Address;
        await server.DisposeAsync();

        using var process = Start(address, "--connect-timeout", "5");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(FakeServer.Timeout);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(ExitCodes.CannotConnect, process.ExitCode);
        Assert.Contains("cannot connect", await stderr);
    }
}
