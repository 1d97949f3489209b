namespace Parley.Server.Transport;

/// <summary>
/// The connections a <see cref="LeanServer"/> is running, so that shutdown can wait for them and abort the last ones.
/// </summary>
/// <remarks>
/// An intrusive list (each <see cref="LeanConnection"/> carries its own links) under one lock: adding and removing
/// cost no allocation, and an idle connection pays two references for being tracked instead of a node of a
/// concurrent dictionary. Adding and removing happen once per connection; the lock is never held across a call out.
/// </remarks>
internal sealed class LiveConnections
{
    private readonly Lock _lock = new();
    private LeanConnection? _first;
    private int _count;
    private TaskCompletionSource? _empty;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(LeanConnection connection)
    {
        lock (_lock)
        {
            connection.NextLive = _first;
            if (_first is not null)
            {
                _first.PreviousLive = connection;
            }

            _first = connection;
            _count++;
        }
    }

    public void Remove(LeanConnection connection)
    {
        TaskCompletionSource? nowEmpty = null;
        lock (_lock)
        {
            if (connection.PreviousLive is { } previous)
            {
                previous.NextLive = connection.NextLive;
            }
            else if (ReferenceEquals(_first, connection))
            {
                _first = connection.NextLive;
            }
            else
            {
                return;
            }

            if (connection.NextLive is { } next)
            {
                next.PreviousLive = connection.PreviousLive;
            }

            connection.PreviousLive = null;
            connection.NextLive = null;
            if (--_count == 0)
            {
                nowEmpty = _empty;
            }
        }

        nowEmpty?.TrySetResult();
    }

    /// <summary>Completes when no connection is left (at once if none is).</summary>
    public Task WhenEmpty()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _empty ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _empty.Task;
        }
    }

    /// <summary>Aborts every connection still running; each is removed when its handler returns.</summary>
    public void AbortAll(string reason)
    {
        List<LeanConnection> all = [];
        lock (_lock)
        {
            for (var c = _first; c is not null; c = c.NextLive)
            {
                all.Add(c);
            }
        }

        foreach (var connection in all)
        {
            connection.Abort(new Microsoft.AspNetCore.Connections.ConnectionAbortedException(reason));
        }
    }
}
