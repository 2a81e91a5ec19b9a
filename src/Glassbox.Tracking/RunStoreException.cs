namespace Glassbox.Tracking;

/// <summary>
/// A run database that cannot be used: not an SQLite file, truncated or corrupt, another program's database, or a
/// schema version newer than this build understands. The message names the file and the problem, and what to do.
/// </summary>
/// <remarks>
/// The store never "repairs" such a file by recreating it: it may hold the only record of many runs, and a newer
/// Glassbox may have written it. The caller decides (move it aside, point at another file).
/// </remarks>
public sealed class RunStoreException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a description of the problem.</summary>
    public RunStoreException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
