namespace Glassbox.Tracking.Tests;

/// <summary>A fresh folder under the system temp folder holding a database path; deleted on dispose.</summary>
public sealed class TempDb : IDisposable
{
    /// <summary>Creates the folder (the database file itself is not created).</summary>
    public TempDb()
    {
        Folder = Directory.CreateTempSubdirectory("gb-tracking-").FullName;
        Path = System.IO.Path.Combine(Folder, "runs.db");
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The database path inside it.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
