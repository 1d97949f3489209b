using Microsoft.Extensions.Configuration;
using Parley.Server.Hosting;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

public sealed class SocketCompletionsTests
{
    [Fact]
    public async Task The_server_process_completes_socket_operations_inline_by_default_and_not_when_configured_off()
    {
        // With inline completions the runtime runs one epoll thread per core (so that they are never the
        // bottleneck); without, one per 30 cores here.
        var inline = await EpollThreadsOfAServerAsync();
        var queued = await EpollThreadsOfAServerAsync("--Parley:Connection:InlineCompletions=false");

        Assert.Equal(Environment.ProcessorCount, inline);
        if (Environment.ProcessorCount > 1)
        {
            Assert.True(queued < inline, $"{queued} epoll threads with inline completions off, {inline} with them on");
        }
    }

    [Fact]
    public void A_value_the_environment_already_holds_is_the_operators_and_stays()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Parley:Connection:InlineCompletions", "true")])
            .Build();
        var before = Environment.GetEnvironmentVariable(SocketCompletions.Variable);
        try
        {
            // Only "0", the runtime's own default, is ever written here: this test process's sockets are unaffected.
            Environment.SetEnvironmentVariable(SocketCompletions.Variable, "0");
            Assert.False(SocketCompletions.Apply(configuration));
            Assert.Equal("0", Environment.GetEnvironmentVariable(SocketCompletions.Variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SocketCompletions.Variable, before);
        }
    }

    private static async Task<int> EpollThreadsOfAServerAsync(params string[] args)
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, args);
        // The listeners accept by now, so the socket engine and its threads are up.
        return Directory.GetDirectories($"/proc/{server.Pid}/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
    }
}
