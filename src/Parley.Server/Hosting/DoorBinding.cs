using System.Net;

namespace Parley.Server.Hosting;

/// <summary>A raw TCP door: its name, where it listens (<c>Parley:Bind</c> and the door's <c>Port</c>), the
/// <see cref="Microsoft.AspNetCore.Connections.ConnectionHandler"/> that runs its connections, and the line, in its
/// protocol, that tells a client the server is full.</summary>
public sealed record DoorBinding(string Door, IPEndPoint EndPoint, Type HandlerType, string FullRefusal)
{
    public static IReadOnlyList<DoorBinding> FromConfiguration(IConfiguration configuration)
    {
        var bind = IPAddress.Parse(configuration["Parley:Bind"] ?? "0.0.0.0");
        return
        [
            new("line", new IPEndPoint(bind, configuration.GetValue("Parley:Line:Port", 5015)), typeof(LineConnectionHandler), "*** Server is full; try again later\n"),
            new("irc", new IPEndPoint(bind, configuration.GetValue("Parley:Irc:Port", 6667)), typeof(IrcConnectionHandler), "ERROR :Closing Link: * (Server is full; try again later)\r\n"),
        ];
    }
}
