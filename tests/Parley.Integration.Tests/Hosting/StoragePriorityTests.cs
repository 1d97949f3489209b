using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Hosting;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

/// <summary><c>Parley:Storage:BackgroundNice</c> reaches the store's background thread, and <c>CatchUpPendingMessages</c> its catch-up thread.</summary>
public sealed class StoragePriorityTests
{
    [Fact]
    public async Task The_store_thread_runs_at_the_nice_value_configured()
    {
        // No other server in this process uses 7, so the thread found is this server's.
        await using var server = await TestServer.StartAsync(("Parley:Storage:BackgroundNice", "7"));
        await ThreadNice.WaitForAsync("parley-store", 7, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task By_default_the_store_thread_runs_at_nice_10()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(10, server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.BackgroundNice);
        await ThreadNice.WaitForAsync("parley-store", 10, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_catch_up_mark_is_a_setting_with_a_default_of_10000()
    {
        await using (var server = await TestServer.StartAsync(("Parley:Storage:CatchUpPendingMessages", "5000")))
        {
            Assert.Equal(5000, server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.CatchUpPendingMessages);
        }

        await using var byDefault = await TestServer.StartAsync();
        Assert.Equal(10_000, byDefault.Services.GetRequiredService<IOptions<StorageOptions>>().Value.CatchUpPendingMessages);
    }

    [Fact]
    public async Task A_catch_up_mark_below_2_stops_the_server_at_start()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(("Parley:Storage:CatchUpPendingMessages", "1")));
    }

    [Fact]
    public async Task A_nice_value_outside_0_to_19_stops_the_server_at_start()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(("Parley:Storage:BackgroundNice", "20")));
    }
}
