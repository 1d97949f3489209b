using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Parley.Core;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;
using Parley.Doors.Line;
using Parley.Storage.Sqlite;

namespace Parley.Server.Hosting;

/// <summary>Builds the one Parley process: configuration, the hub, the store and every door on one Kestrel host.</summary>
public static class ParleyServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, SwitchMappings.All);
        configure?.Invoke(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<ServerOptions>().Bind(configuration.GetSection("Parley")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HubOptions>().Bind(configuration.GetSection("Parley")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConnectionOptions>().Bind(configuration.GetSection("Parley:Connection")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LineOptions>().Bind(configuration.GetSection("Parley:Line")).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection("Parley:Storage")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMessageStore>(sp => OpenStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<RetentionService>();
        services.AddSingleton(sp => new Hub(
            sp.GetRequiredService<IOptions<HubOptions>>().Value,
            sp.GetRequiredService<IMessageStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Hub>>()));
        services.AddSingleton<HubLoop>();
        services.AddHostedService<HubService>();
        services.AddSingleton(sp => new LineDoor(
            sp.GetRequiredService<HubLoop>(),
            sp.GetRequiredService<IOptions<LineOptions>>().Value,
            sp.GetRequiredService<IOptions<ConnectionOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<LineConnectionHandler>();
        var listeners = new Listeners();
        services.AddSingleton(listeners);

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var bind = IPAddress.Parse(context.Configuration["Parley:Bind"] ?? "0.0.0.0");
            var linePort = context.Configuration.GetValue("Parley:Line:Port", 5015);
            kestrel.Listen(bind, linePort, listen =>
            {
                listen.UseConnectionHandler<LineConnectionHandler>();
                listeners.Add("line", listen);
            });
        });

        return builder.Build();
    }

    /// <summary>Opens the store; a refusal (unwritable folder, corrupt or newer database) stops the start-up with a StoreOpenException.</summary>
    private static IMessageStore OpenStore(StorageOptions options) => options.Enabled
        ? SqliteMessageStore.Open(new SqliteStoreOptions { Path = options.DatabasePath, Synchronous = options.Synchronous })
        : NullMessageStore.Instance;
}
