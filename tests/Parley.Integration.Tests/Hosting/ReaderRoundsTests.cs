using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Parley.Testing;

namespace Parley.Integration.Tests.Hosting;

/// <summary>
/// Every mode of <c>Parley:ReaderRounds</c> (which rounds of the hub a connection's reader may run itself) keeps
/// the same chat: commands and messages in order, every message stored before it is delivered, nothing lost when
/// several clients write at once and one vanishes.
/// </summary>
public sealed class ReaderRoundsTests
{
    private const int MessagesPerSender = 150;

    [Theory]
    [InlineData("Off")]
    [InlineData("Commands")]
    [InlineData("All")]
    public async Task Pipelined_messages_and_commands_from_several_clients_arrive_in_order_and_are_stored(string mode)
    {
        await using var server = await TestServer.StartAsync(("Parley:ReaderRounds", mode));
        await using var reader = await IrcClient.RegisterAsync(server.IrcEndPoint, "reader");
        await reader.JoinAsync("#busy");
        var senders = new List<IrcClient>();
        try
        {
            foreach (var nick in new[] { "s1", "s2", "s3" })
            {
                var sender = await IrcClient.RegisterAsync(server.IrcEndPoint, nick);
                senders.Add(sender);
                await sender.JoinAsync("#busy");
            }

            await using var vanishing = await IrcClient.RegisterAsync(server.IrcEndPoint, "gone");
            await vanishing.JoinAsync("#busy");
            await reader.ExpectContainsAsync(":gone!");

            // Each sender writes all its lines in one go, messages and commands mixed, while the others do too, and
            // one more client says something and vanishes (a reset, no QUIT).
            var writes = senders.Select((sender, index) =>
            {
                var lines = new StringBuilder();
                for (var i = 0; i < MessagesPerSender; i++)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"PRIVMSG #busy :{sender.Nick} {i}\r\n");
                    if (i % 50 == 25)
                    {
                        lines.Append(CultureInfo.InvariantCulture, $"TOPIC #busy :topic from {index} at {i}\r\n");
                    }
                }

                return sender.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
            }).Append(VanishAfterAsync(vanishing, "PRIVMSG #busy :last words\r\n"));
            await Task.WhenAll(writes);

            var next = senders.ToDictionary(s => s.Nick, _ => 0);
            while (next.Values.Any(n => n < MessagesPerSender))
            {
                var line = await reader.ExpectAsync(l => l.Contains(" PRIVMSG #busy :s", StringComparison.Ordinal), what: "the senders' messages");
                var text = line[(line.IndexOf(" :", StringComparison.Ordinal) + 2)..].Split(' ');
                Assert.Equal(next[text[0]], int.Parse(text[1], CultureInfo.InvariantCulture));
                next[text[0]]++;
            }

            await Waits.UntilAsync(() => server.OnHub(hub => hub.FindUser("gone") is null), what: "the vanished client to be gone");
            var stored = await server.OnHub(hub => hub.CommittedMessages);
            Assert.True(stored >= 3 * MessagesPerSender, $"{stored} messages committed");
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }
    }

    private static async Task VanishAfterAsync(IrcClient client, string line)
    {
        await client.SendRawAsync(Encoding.UTF8.GetBytes(line));
        client.Socket.LingerState = new LingerOption(true, 0);
        client.Socket.Close();
    }
}
