namespace Parley.Storage.Sqlite;

/// <summary>
/// The store could not be opened: the file is not a SQLite database, is corrupt, was written by a newer
/// Parley, or its directory is not writable. The message names the file and the problem; the server prints
/// it and exits non-zero rather than run without durable history.
/// </summary>
public sealed class StoreOpenException : Exception
{
    public StoreOpenException()
        : base("The message store could not be opened.")
    {
        Path = "";
    }

    public StoreOpenException(string message)
        : base(message)
    {
        Path = "";
    }

    public StoreOpenException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = "";
    }

    public StoreOpenException(string path, string problem, Exception? innerException)
        : base($"Cannot open the message store '{path}': {problem}", innerException)
    {
        Path = path;
    }

    /// <summary>The full path of the database file that was refused.</summary>
    public string Path { get; }
}
