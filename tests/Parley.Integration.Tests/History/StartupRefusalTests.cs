using Parley.Testing;

namespace Parley.Integration.Tests.History;

public sealed class StartupRefusalTests
{
    [Fact]
    public async Task A_data_directory_that_cannot_be_written_stops_the_start_with_a_clear_error()
    {
        using var data = new TempDirectory();

        // Tests run as root, which ignores permission bits: a folder below a regular file can never be created.
        var file = Path.Combine(data.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        await using var server = await ServerProcess.RunToExitAsync(Path.Combine(file, "data"));
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("parley-server: Cannot open the message store", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_database_is_refused_with_a_clear_error()
    {
        using var data = new TempDirectory();
        var junk = new byte[8192];
        new Random(7).NextBytes(junk);
        await File.WriteAllBytesAsync(Path.Combine(data.Path, "parley.db"), junk);
        await using var server = await ServerProcess.RunToExitAsync(data.Path);
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("not a SQLite database", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_is_refused_with_a_clear_error()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.RunToExitAsync(data.Path, "--Parley:SendQueueBytes=10");
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("invalid configuration", server.Output, StringComparison.Ordinal);
        Assert.Contains("SendQueueBytes", server.Output, StringComparison.Ordinal);
    }
}
