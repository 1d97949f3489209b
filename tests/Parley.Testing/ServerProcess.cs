using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Parley.Testing;

/// <summary>
/// The real server as a child process (<c>dotnet parley-server.dll</c>), for what only a process can show: exit
/// codes, signals, <c>kill -9</c>. It announces its ephemeral ports on standard output ("Listening: line on …").
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Dictionary<string, IPEndPoint> _endPoints = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public IPEndPoint EndPointOf(string door) => _endPoints[door];

    /// <summary>Starts the server with loopback ephemeral ports and the given data folder and switches.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs)
    {
        var server = Launch(dataDir, extraArgs);
        await server._ready.Task.WaitAsync(Waits.Long);
        return server;
    }

    /// <summary>Starts the server under a limit of open descriptors (prlimit), as a small machine or a container sets.</summary>
    public static async Task<ServerProcess> StartWithDescriptorLimitAsync(string dataDir, int descriptorLimit, params string[] extraArgs)
    {
        var server = Launch(dataDir, extraArgs, descriptorLimit);
        await server._ready.Task.WaitAsync(Waits.Long);
        return server;
    }

    /// <summary>Starts the server and waits for it to exit by itself (start-up refusals); returns it exited.</summary>
    public static async Task<ServerProcess> RunToExitAsync(string dataDir, params string[] extraArgs)
    {
        var server = Launch(dataDir, extraArgs);
        await server._process.WaitForExitAsync().WaitAsync(Waits.Long);
        return server;
    }

    private static ServerProcess Launch(string dataDir, string[] extraArgs, int? descriptorLimit = null)
    {
        // prlimit runs the command in its own process (exec), so the process id stays the server's.
        var info = new ProcessStartInfo(descriptorLimit is null ? "dotnet" : "prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (descriptorLimit is { } limit)
        {
            info.ArgumentList.Add($"--nofile={limit}:{limit}");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "parley-server.dll"));
        foreach (var arg in new[]
                 {
                     "--Parley:Bind=127.0.0.1", "--Parley:Line:Port=0", "--Parley:Irc:Port=0", "--Parley:Http:Port=0",
                     "--Parley:ServerName=test.parley", $"--Parley:Storage:DataDir={dataDir}",
                 }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The server's configuration decides (Parley:Connection:InlineCompletions), not this test process's environment.
        info.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        info.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException("The server exited:\n" + server.Output));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Sends a signal (SIGTERM = 15, SIGKILL = 9) with kill(1).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? Waits.Long);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            lock (_endPoints)
            {
                _endPoints[match.Groups[1].Value] = IPEndPoint.Parse(match.Groups[2].Value);
            }

            if (_endPoints.ContainsKey("line"))
            {
                _ready.TrySetResult();
            }
        }
    }

    [GeneratedRegex(@"Listening: (\w+) on (\S+)")]
    private static partial Regex ListeningLine();
}
