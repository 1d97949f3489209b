using System.Diagnostics;
using Parley.Testing;

namespace Parley.Integration.Tests.Client;

/// <summary>The built <c>parley</c> client, as a child process, against the real server.</summary>
public sealed class ClientAgainstServerTests
{
    private static Process StartClient(System.Net.IPEndPoint endPoint)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "parley.dll"));
        info.ArgumentList.Add($"127.0.0.1:{endPoint.Port}");
        return Process.Start(info)!;
    }

    [Fact]
    public async Task Piped_input_is_sent_received_lines_are_printed_and_quit_exits_zero()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await LineClient.JoinAsync(server.LineEndPoint, "watcher");
        using var client = StartClient(server.LineEndPoint);
        var output = client.StandardOutput.ReadToEndAsync();
        await client.StandardInput.WriteAsync("hello from parley\n/quit bye\n");
        client.StandardInput.Close();

        var said = await watcher.ExpectContainsAsync("hello from parley");
        Assert.Matches(@"^<guest-\d+> hello from parley$", said);
        await watcher.ExpectContainsAsync("quit (Quit: bye)");
        await client.WaitForExitAsync().WaitAsync(Waits.Long);
        Assert.Equal(0, client.ExitCode);
        var printed = await output;
        Assert.Contains("*** Welcome to Parley", printed, StringComparison.Ordinal);
        Assert.Contains("*** Goodbye", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_exits_non_zero_when_the_server_goes_away()
    {
        var server = await TestServer.StartAsync();
        using var client = StartClient(server.LineEndPoint);
        var error = client.StandardError.ReadToEndAsync();
        await client.StandardInput.WriteAsync("/nick stayer\n");
        await client.StandardInput.FlushAsync();
        await Waits.UntilAsync(() => server.OnHub(h => h.FindUser("stayer") is not null));

        await server.DisposeAsync();
        await client.WaitForExitAsync().WaitAsync(Waits.Long);
        Assert.Equal(3, client.ExitCode);
        Assert.Contains("lost", await error, StringComparison.Ordinal);
    }
}
