using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Bench.Tests;

/// <summary>
/// The smallest IRC server the generator can drive: 001 on USER, 366 on JOIN, PRIVMSG relayed
/// to the channel's other members or to one nick, QUIT closes. Not a model of IRC, only of what
/// the bench relies on, so the smoke test does not depend on the real server.
/// </summary>
internal sealed class FakeIrcRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Peer> _byNick = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Peer, bool>> _channels = new();
    private readonly List<Task> _tasks = [];
    private readonly Task _accept;

    public FakeIrcRelay()
    {
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_tasks)
                {
                    _tasks.Add(ServeAsync(new Peer(socket)));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Peer peer)
    {
        try
        {
            using var reader = new StreamReader(new NetworkStream(peer.Socket, ownsSocket: false), Encoding.UTF8);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var parts = line.Split(' ', 3);
                switch (parts[0])
                {
                    case "NICK":
                        peer.Nick = parts[1];
                        _byNick[peer.Nick] = peer;
                        break;
                    case "USER":
                        await peer.SendAsync($":fake 001 {peer.Nick} :welcome\r\n");
                        break;
                    case "JOIN":
                        _channels.GetOrAdd(parts[1], _ => new()).TryAdd(peer, true);
                        await peer.SendAsync($":fake 366 {peer.Nick} {parts[1]} :End of NAMES list\r\n");
                        break;
                    case "PRIVMSG":
                        await RelayAsync(peer, parts[1], $":{peer.Nick}!u@h PRIVMSG {parts[1]} {parts[2]}\r\n");
                        break;
                    case "QUIT":
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            foreach (var members in _channels.Values)
            {
                members.TryRemove(peer, out _);
            }

            peer.Socket.Dispose();
        }
    }

    private async Task RelayAsync(Peer from, string target, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        if (_channels.TryGetValue(target, out var members))
        {
            foreach (var member in members.Keys.Where(m => m != from))
            {
                await member.SendAsync(bytes);
            }
        }
        else if (_byNick.TryGetValue(target, out var peer))
        {
            await peer.SendAsync(bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks);
        _stop.Dispose();
    }

    private sealed class Peer(Socket socket)
    {
        private readonly SemaphoreSlim _write = new(1, 1);

        public Socket Socket { get; } = socket;

        public string Nick { get; set; } = "*";

        public Task SendAsync(string line) => SendAsync(Encoding.UTF8.GetBytes(line));

        public async Task SendAsync(byte[] bytes)
        {
            await _write.WaitAsync();
            try
            {
                await Socket.SendAsync(bytes, SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // A receiver that left: the relay goes on for the others.
            }
            finally
            {
                _write.Release();
            }
        }
    }
}
