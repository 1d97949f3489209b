namespace Parley.Server.Transport;

/// <summary>The server's <see cref="ReadLoop"/>s; each new connection goes to the next in turn.</summary>
internal sealed class ReadLoops : IDisposable
{
    private readonly ReadLoop[] _loops;
    private int _next;

    public ReadLoops(int count, ILogger logger)
    {
        _loops = new ReadLoop[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                _loops[i] = new ReadLoop($"parley-read-{i}", logger);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The loop for the next connection.</summary>
    public ReadLoop Next() => _loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length)];

    /// <summary>Stops every loop; call once no connection is left.</summary>
    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop?.Dispose();
        }
    }
}
