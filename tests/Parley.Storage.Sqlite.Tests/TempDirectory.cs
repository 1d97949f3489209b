namespace Parley.Storage.Sqlite.Tests;

/// <summary>A fresh folder under the system temp directory per test, deleted with everything in it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "parley-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A database path inside the folder.</summary>
    public string File(string name = "parley.db") => System.IO.Path.Combine(Path, name);

    public SqliteStoreOptions Options(string name = "parley.db") => new() { Path = File(name) };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
