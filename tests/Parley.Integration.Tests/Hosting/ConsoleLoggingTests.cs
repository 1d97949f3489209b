using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Parley.Server.Hosting;

namespace Parley.Integration.Tests.Hosting;

public sealed class ConsoleLoggingTests
{
    [Fact]
    public async Task The_console_logger_drops_lines_rather_than_block_the_threads_that_log_when_it_falls_behind()
    {
        // The readers log from the socket engine's own threads (inline completions): a console that blocked them
        // would stall every connection.
        await using var app = ParleyServer.Build([]);
        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(ConsoleLoggerQueueFullMode.DropWrite, options.QueueFullMode);
    }
}
