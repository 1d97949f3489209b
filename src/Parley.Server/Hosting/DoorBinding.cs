using System.Net;

namespace Parley.Server.Hosting;

/// <summary>A raw TCP door: its name, where it listens (<c>Parley:Bind</c> and the door's <c>Port</c>) and the
/// <see cref="Microsoft.AspNetCore.Connections.ConnectionHandler"/> that runs its connections.</summary>
public sealed record DoorBinding(string Door, IPEndPoint EndPoint, Type HandlerType)
{
    public static IReadOnlyList<DoorBinding> FromConfiguration(IConfiguration configuration)
    {
        var bind = IPAddress.Parse(configuration["Parley:Bind"] ?? "0.0.0.0");
        return
        [
            new("line", new IPEndPoint(bind, configuration.GetValue("Parley:Line:Port", 5015)), typeof(LineConnectionHandler)),
            new("irc", new IPEndPoint(bind, configuration.GetValue("Parley:Irc:Port", 6667)), typeof(IrcConnectionHandler)),
        ];
    }
}
