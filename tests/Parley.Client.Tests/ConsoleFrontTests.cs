using System.Net;
using System.Net.Sockets;
using Parley.Client.Cli;

namespace Parley.Client.Tests;

/// <summary>The line front against a real TCP fake server.</summary>
public sealed class ConsoleFrontTests
{
    [Fact]
    public async Task Piped_lines_arrive_in_order_and_exit_is_0_after_the_server_closes()
    {
        await using var server = new FakeServer();
        var lines = Enumerable.Range(1, 50).Select(i => $"line {i} ünïcödé").ToList();
        var run = new FrontRun(new StringReader(string.Join('\n', lines) + "\n"), server.Address);
        await server.AcceptAsync();

        // The client half-closes after end of input; the server still talks, then closes.
        var received = await server.ReadUntilEndAsync();
        await server.SendAsync("* goodbye\n");
        server.Close();

        Assert.Equal(ExitCodes.Ok, await run.ExitCodeAsync());
        Assert.Equal(lines, received);
        Assert.Equal("* welcome, you are guest1\n* goodbye\n", run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Server_lines_are_printed_as_they_arrive()
    {
        await using var server = new FakeServer();
        var input = new OpenInput();
        var run = new FrontRun(input.Reader, server.Address);
        await server.AcceptAsync();

        await server.SendAsync("<ann> hi\r\n<bob> hello\n");
        await input.TypeAsync("hey all");
        Assert.Equal("hey all", await server.ReadLineAsync());

        await input.EndAsync();
        Assert.Null(await server.ReadLineAsync());
        server.Close();

        Assert.Equal(ExitCodes.Ok, await run.ExitCodeAsync());
        Assert.Equal("* welcome, you are guest1\n<ann> hi\n<bob> hello\n", run.Output);
    }

    [Fact]
    public async Task Quit_is_sent_and_the_client_exits_0_when_the_server_closes()
    {
        await using var server = new FakeServer();
        var input = new OpenInput();
        var run = new FrontRun(input.Reader, server.Address);
        await server.AcceptAsync();

        await input.TypeAsync("/quit see you");
        Assert.Equal("/quit see you", await server.ReadLineAsync());
        await server.SendAsync("* bye\n");
        server.Close();

        // Input stays open: /quit alone ends the session.
        Assert.Equal(ExitCodes.Ok, await run.ExitCodeAsync());
        Assert.EndsWith("* bye\n", run.Output);
    }

    [Fact]
    public async Task Quit_gives_up_waiting_after_the_quit_timeout()
    {
        await using var server = new FakeServer();
        var input = new OpenInput();
        var run = new FrontRun(input.Reader, server.Address, quitTimeout: TimeSpan.FromMilliseconds(200));
        await server.AcceptAsync();

        await input.TypeAsync("/quit");
        Assert.Equal("/quit", await server.ReadLineAsync());

        // The server never closes.
        Assert.Equal(ExitCodes.Ok, await run.ExitCodeAsync());
        Assert.Contains("did not close", run.Error);
    }

    [Fact]
    public async Task Exit_is_3_when_the_server_closes_while_input_is_open()
    {
        await using var server = new FakeServer();
        var input = new OpenInput();
        var run = new FrontRun(input.Reader, server.Address);
        await server.AcceptAsync();

        await server.SendAsync("* shutting down\n");
        server.Close();

        Assert.Equal(ExitCodes.ConnectionLost, await run.ExitCodeAsync());
        Assert.Equal("* welcome, you are guest1\n* shutting down\n", run.Output);
        Assert.Equal($"parley: connection to {server.Address} lost: server closed the connection\n", run.Error);
    }

    [Fact]
    public async Task Exit_is_3_when_the_server_resets_while_input_is_open()
    {
        await using var server = new FakeServer();
        var input = new OpenInput();
        var run = new FrontRun(input.Reader, server.Address);
        await server.AcceptAsync();
        await input.TypeAsync("anyone?");
        Assert.Equal("anyone?", await server.ReadLineAsync());

        server.Reset();

        Assert.Equal(ExitCodes.ConnectionLost, await run.ExitCodeAsync());
        Assert.StartsWith($"parley: connection to {server.Address} lost: ", run.Error);
    }

    [Fact]
    public async Task Exit_is_2_when_nothing_listens()
    {
        // Take a free port, then free it again: nothing listens there now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = new FrontRun(new OpenInput().Reader, $"127.0.0.1:{port}");

        Assert.Equal(ExitCodes.CannotConnect, await run.ExitCodeAsync());
        Assert.Equal($"parley: cannot connect to 127.0.0.1:{port}: connection refused\n", run.Error);
    }

    [Fact]
    public async Task Cancellation_ends_the_session_with_130_even_while_input_waits()
    {
        await using var server = new FakeServer();
        var run = new FrontRun(new OpenInput().Reader, server.Address);
        await server.AcceptAsync();

        await run.Cancellation.CancelAsync();

        Assert.Equal(ExitCodes.Interrupted, await run.ExitCodeAsync());
    }

    [Theory]
    [InlineData("/quit", true)]
    [InlineData("/QUIT bye now", true)]
    [InlineData("  /quit", true)]
    [InlineData("/quitter", false)]
    [InlineData("say /quit", false)]
    public void Recognises_quit(string line, bool expected) => Assert.Equal(expected, ConsoleFront.IsQuit(line));
}
