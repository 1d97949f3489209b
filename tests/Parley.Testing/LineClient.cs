using System.Net;

namespace Parley.Testing;

/// <summary>A line-protocol client that has been greeted: knows its guest nick.</summary>
public sealed class LineClient : TextClient
{
    private LineClient(System.Net.Sockets.Socket socket) : base(socket, "\n")
    {
    }

    public string Nick { get; private set; } = "";

    /// <summary>Connects, reads the greeting up to the join of the default room, and optionally takes a nick.</summary>
    public static async Task<LineClient> JoinAsync(IPEndPoint endPoint, string? nick = null, int? receiveBuffer = null)
    {
        var client = new LineClient(await ConnectSocketAsync(endPoint, receiveBuffer));
        var welcome = await client.ExpectContainsAsync("Welcome to Parley");
        client.Nick = welcome.Split("You are ")[1].TrimEnd('.');
        await client.ExpectContainsAsync("You joined");
        if (nick is not null)
        {
            await client.SendAsync("/nick " + nick);
            await client.ExpectContainsAsync($" is now known as {nick}");
            client.Nick = nick;
        }

        return client;
    }
}
