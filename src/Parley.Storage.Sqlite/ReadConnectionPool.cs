using System.Collections.Concurrent;

namespace Parley.Storage.Sqlite;

/// <summary>
/// Idle read connections for reuse. Our own pool rather than Microsoft.Data.Sqlite's so that each connection
/// keeps its prepared statements and pragmas, and so that Dispose really closes every file handle (the
/// final checkpoint and the tests' cleanup depend on it).
/// </summary>
internal sealed class ReadConnectionPool : IDisposable
{
    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly int _maxIdle;
    private volatile bool _disposed;

    public ReadConnectionPool(string connectionString, TimeSpan busyTimeout, int maxIdle)
    {
        _connectionString = connectionString;
        _busyTimeout = busyTimeout;
        _maxIdle = maxIdle;
    }

    public ReadConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var connection) ? connection : ReadConnection.Open(_connectionString, _busyTimeout);
    }

    public void Return(ReadConnection connection)
    {
        if (_disposed || _idle.Count >= _maxIdle)
        {
            connection.Dispose();
            return;
        }

        _idle.Add(connection);
        if (_disposed)
        {
            // Dispose ran between the check and the Add: close what it may have missed.
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}
