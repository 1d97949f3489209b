using Microsoft.Data.Sqlite;

namespace Parley.Storage.Sqlite;

/// <summary>
/// One read-only connection with its prepared commands, used by one reader at a time (the pool hands it out).
/// In WAL mode a reader works on a snapshot and never waits for the writer, nor the writer for it.
/// </summary>
internal sealed class ReadConnection : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private ReadConnection(SqliteConnection connection) => _connection = connection;

    public static ReadConnection Open(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // query_only: a bug in a read path can never write. busy_timeout: a reader can briefly meet a lock
            // while a checkpoint restarts the WAL; wait for it rather than fail the user's request.
            command.CommandText = $"PRAGMA query_only = 1; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};";
            command.ExecuteNonQuery();
            return new ReadConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Starts a read transaction: every statement until it ends sees the same snapshot (whole batches only).</summary>
    public SqliteTransaction BeginSnapshot() => _connection.BeginTransaction(deferred: true);

    /// <summary>The prepared command for <paramref name="sql"/>, its parameters cleared, bound to the snapshot.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}
