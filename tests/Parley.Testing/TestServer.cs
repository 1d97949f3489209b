using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Core.Hubs;
using Parley.Server.Hosting;

namespace Parley.Testing;

/// <summary>
/// The real server, in this process, on ephemeral loopback ports, with its data in a temporary folder.
/// Settings are given as <c>Parley:...</c> configuration keys.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly TempDirectory? _ownedDataDir;

    private TestServer(WebApplication app, string dataDir, TempDirectory? ownedDataDir)
    {
        _app = app;
        DataDir = dataDir;
        _ownedDataDir = ownedDataDir;
    }

    /// <summary>The folder of the server's database.</summary>
    public string DataDir { get; }
    public Listeners Listeners => _app.Services.GetRequiredService<Listeners>();
    public HubLoop Loop => _app.Services.GetRequiredService<HubLoop>();
    public IServiceProvider Services => _app.Services;

    public IPEndPoint LineEndPoint => Listeners.EndPointOf("line") ?? throw new InvalidOperationException("No line door");
    public IPEndPoint IrcEndPoint => Listeners.EndPointOf("irc") ?? throw new InvalidOperationException("No IRC door");

    public static Task<TestServer> StartAsync(params (string Key, string Value)[] settings) => StartAsync(null, settings);

    /// <summary>Starts on a given data folder (kept after dispose: restart tests reuse it), or a fresh temporary one.</summary>
    public static async Task<TestServer> StartAsync(string? dataDirPath, params (string Key, string Value)[] settings)
    {
        var owned = dataDirPath is null ? new TempDirectory() : null;
        var dataDir = dataDirPath ?? owned!.Path;
        var args = new List<string>
        {
            "--Parley:Bind=127.0.0.1",
            "--Parley:Line:Port=0",
            "--Parley:Irc:Port=0",
            "--Parley:Http:Port=0",
            "--Parley:ServerName=test.parley",
            $"--Parley:Storage:DataDir={dataDir}",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = ParleyServer.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return new TestServer(app, dataDir, owned);
    }

    /// <summary>Runs a function on the hub's thread (to inspect state from a test).</summary>
    public Task<T> OnHub<T>(Func<Hub, T> function) => Loop.InvokeAsync(function);

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        await _app.DisposeAsync();
        _ownedDataDir?.Dispose();
    }
}
