using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Parley.Client.Tests;

/// <summary>
/// A one-connection line server on 127.0.0.1 and an ephemeral port, standing in for Parley: the test
/// script decides what it sends and when it closes. Everything waits on events with a timeout.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _client;
    private StreamReader? _reader;

    public FakeServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Accepts the client and sends it a greeting, as the real server does.</summary>
    public async Task AcceptAsync(string greeting = "* welcome, you are guest1")
    {
        _client = await _listener.AcceptSocketAsync().WaitAsync(Timeout);
        _reader = new StreamReader(new NetworkStream(_client), Encoding.UTF8);
        await SendAsync(greeting + "\n");
    }

    public async Task SendAsync(string text) => await SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes) => await _client!.SendAsync(bytes).WaitAsync(Timeout);

    /// <summary>The next line from the client, or null when it half-closed.</summary>
    public async Task<string?> ReadLineAsync() => await _reader!.ReadLineAsync().WaitAsync(Timeout);

    /// <summary>Reads lines until the client's end of input.</summary>
    public async Task<List<string>> ReadUntilEndAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Graceful close (FIN).</summary>
    public void Close()
    {
        _client!.Shutdown(SocketShutdown.Both);
        _client.Close();
    }

    /// <summary>Abortive close: linger 0 makes the kernel send a reset (RST).</summary>
    public void Reset()
    {
        _client!.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
