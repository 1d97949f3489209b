using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Parley.Core;
using Parley.Core.Flood;
using Parley.Core.Hubs;
using Parley.Core.Sessions;
using Parley.Core.Storage;
using Parley.Doors.Irc;
using Parley.Doors.Line;
using Parley.Server.Transport;
using Parley.Storage.Sqlite;

namespace Parley.Server.Hosting;

/// <summary>Builds the one Parley process: configuration, the hub, the store and every door on one host.</summary>
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
        // Flood control is its own section (Parley:Flood) but travels with the per-connection limits to both doors.
        services.AddOptions<FloodOptions>().Bind(configuration.GetSection("Parley:Flood")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConnectionOptions>().Bind(configuration.GetSection("Parley:Connection"))
            .Configure(o => configuration.GetSection("Parley:Flood").Bind(o.Flood))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IrcOptions>().Bind(configuration.GetSection("Parley:Irc")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LineOptions>().Bind(configuration.GetSection("Parley:Line")).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection("Parley:Storage")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMessageStore>(sp => OpenStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<RetentionService>();
        services.AddOptions<MemoryOptions>().Bind(configuration.GetSection("Parley:Memory")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IProcessMemory, ProcessMemory>();
        services.AddHostedService<MemoryTrimService>();
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
        services.AddSingleton(sp => new IrcDoor(
            sp.GetRequiredService<HubLoop>(),
            sp.GetRequiredService<IOptions<IrcOptions>>().Value,
            sp.GetRequiredService<IOptions<ConnectionOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IrcConnectionHandler>();
        services.AddSingleton<Listeners>();
        services.AddSingleton(sp => DoorBinding.FromConfiguration(sp.GetRequiredService<IConfiguration>()));

        if (configuration.GetValue("Parley:Connection:Transport", ConnectionTransport.Lean) == ConnectionTransport.Lean)
        {
            // Parley's own server for the raw TCP doors takes Kestrel's place (docs/concurrency.md, *Transport*).
            services.Replace(ServiceDescriptor.Singleton<IServer, LeanServer>());
        }
        else
        {
            ConfigureKestrel(builder);
        }

        return builder.Build();
    }

    /// <summary>The doors on Kestrel and its socket transport (<c>Parley:Connection:Transport=Kestrel</c>).</summary>
    private static void ConfigureKestrel(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SocketTransportOptions>().Configure<IOptions<ConnectionOptions>>((transport, connection) =>
        {
            transport.UnsafePreferInlineScheduling = connection.Value.InlineScheduling;
            transport.CreateBoundListenSocket = endPoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
                SocketTuning.ApplyKeepAlive(socket, connection.Value);
                return socket;
            };
        });
        builder.Services.AddOptions<KestrelServerOptions>().Configure<Listeners, IOptions<ConnectionOptions>, IReadOnlyList<DoorBinding>>((kestrel, listeners, connection, doors) =>
        {
            // Kestrel closes connections over its limit without a word; 0 leaves it unlimited.
            kestrel.Limits.MaxConcurrentConnections = connection.Value.MaxConnections > 0 ? connection.Value.MaxConnections : null;
            foreach (var door in doors)
            {
                kestrel.Listen(door.EndPoint, listen =>
                {
                    var handler = (ConnectionHandler)listen.ApplicationServices.GetRequiredService(door.HandlerType);
                    listen.Run(handler.OnConnectedAsync);
                    listeners.Add(door.Door, () => listen.IPEndPoint);
                });
            }
        });
    }

    /// <summary>Opens the store; a refusal (unwritable folder, corrupt or newer database) stops the start-up with a StoreOpenException.</summary>
    private static IMessageStore OpenStore(StorageOptions options) => options.Enabled
        ? SqliteMessageStore.Open(new SqliteStoreOptions
        {
            Path = options.DatabasePath,
            Synchronous = options.Synchronous,
            MaxPendingMessages = options.MaxPendingMessages,
            BackgroundNice = options.BackgroundNice,
            CatchUpPendingMessages = options.CatchUpPendingMessages,
            SearchLagRows = options.SearchLagRows,
            RecentMessagesPerConversation = options.RecentMessagesPerConversation,
            RecentConversations = options.RecentConversations,
        })
        : NullMessageStore.Instance;
}
