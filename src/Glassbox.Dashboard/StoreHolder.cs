using Glassbox.Tracking;

namespace Glassbox.Dashboard;

/// <summary>
/// The dashboard's one connection to the run database, opened when the file exists — at start, or on the first
/// request after a first run created it. The dashboard never creates the file: looking must not leave a database
/// behind in a folder that had none. Requests share the connection; <see cref="RunStore"/> serialises them.
/// </summary>
internal sealed class StoreHolder(string path) : IDisposable
{
    private readonly object gate = new();
    private RunStore? store;

    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>The open store, or null while the file does not exist.</summary>
    /// <exception cref="RunStoreException">The file exists but is not a usable run database.</exception>
    public RunStore? Get()
    {
        lock (gate)
        {
            if (store is null && File.Exists(Path)) store = RunStore.Open(Path);
            return store;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        lock (gate) store?.Dispose();
    }
}
