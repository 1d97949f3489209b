using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

public sealed class ReadLoopThreadsTests
{
    [Fact]
    public async Task The_server_process_reads_on_a_loop_of_its_own_per_core_up_to_two_by_default_and_on_none_when_configured_off()
    {
        string[] expected = Environment.ProcessorCount > 1 ? ["parley-read-0", "parley-read-1"] : ["parley-read-0"];
        Assert.Equal(expected, await ReadLoopThreadsOfAServerAsync());
        Assert.Equal(["parley-read-0", "parley-read-1", "parley-read-2"], await ReadLoopThreadsOfAServerAsync("--Parley:Connection:ReadLoops=3"));
        Assert.Empty(await ReadLoopThreadsOfAServerAsync("--Parley:Connection:ReadLoops=0"));
    }

    [Fact]
    public async Task A_client_of_a_server_process_on_read_loops_is_answered_and_its_quit_closes_the_connection()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);
        await using var client = await LineClient.JoinAsync(server.EndPointOf("line"), "solo");
        await client.SendAsync("/quit done");
        await client.Closed.WaitAsync(Waits.Short);
    }

    private static async Task<string[]> ReadLoopThreadsOfAServerAsync(params string[] args)
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path, args);
        return Directory.GetDirectories($"/proc/{server.Pid}/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())
            .Where(name => name.StartsWith("parley-read-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
