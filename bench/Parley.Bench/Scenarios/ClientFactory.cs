using System.Net;
using System.Net.Sockets;
using Parley.Bench.Net;
using Parley.Bench.Protocol;

namespace Parley.Bench.Scenarios;

/// <summary>Connects, registers and joins clients, a bounded number at a time.</summary>
public sealed class ClientFactory
{
    private readonly BenchSettings _settings;
    private readonly EndPoint _server;

    public ClientFactory(BenchSettings settings, IDialect dialect)
    {
        _settings = settings;
        Dialect = dialect;
        _server = new IPEndPoint(Resolve(settings.Host), settings.Port);
    }

    public IDialect Dialect { get; }

    private static IPAddress Resolve(string host) =>
        IPAddress.TryParse(host, out var ip)
            ? ip
            : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);

    public async Task<BenchClient> OpenAsync(
        int id, string nick, string? room, ILineSink sink, int bufferSize, CancellationToken ct)
    {
        var client = await BenchClient.ConnectAsync(_server, _settings.Sources.Next(), id, bufferSize, ct);
        client.Nick = nick;
        client.Reader = client.RunReaderAsync(sink);
        try
        {
            await Dialect.RegisterAsync(client, nick, _settings.SetupTimeout, ct);
            if (room is not null)
            {
                await Dialect.JoinAsync(client, room, _settings.SetupTimeout, ct);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> clients; ids are firstId..firstId+count-1, in order in the result.</summary>
    public async Task<BenchClient[]> OpenManyAsync(
        int count, Nicks nicks, Func<int, string?> roomOf, ILineSink sink, int bufferSize, CancellationToken ct, int firstId = 0)
    {
        var clients = new BenchClient[count];
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.ConnectParallelism, CancellationToken = ct };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, token) =>
                clients[i] = await OpenAsync(firstId + i, nicks.For(firstId + i), roomOf(firstId + i), sink, bufferSize, token));
            return clients;
        }
        catch
        {
            await CloseAllAsync(clients.Where(c => c is not null));
            throw;
        }
    }

    /// <summary>Sends QUIT to each client (best effort) and closes it.</summary>
    public async Task CloseAllAsync(IEnumerable<BenchClient> clients)
    {
        foreach (var client in clients)
        {
            try
            {
                // Bounded: a server that stopped reading must not hang the teardown.
                await client.SendAsync(Dialect.QuitLine).AsTask().WaitAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException)
            {
            }

            await client.DisposeAsync();
        }
    }
}
