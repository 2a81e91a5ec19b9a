namespace Glassbox.Cli.Commands;

/// <summary>Prepares the folder a command writes its artifacts to, failing before any work when it cannot be written.</summary>
public static class OutputDirectory
{
    /// <summary>
    /// Creates <paramref name="path"/> (and its parents) and proves it writable by creating and deleting a probe file.
    /// Checking up front matters: a milestone writes its plots and submission at the end, so without the probe a
    /// bad <c>--out</c> would only fail after minutes of training.
    /// </summary>
    /// <param name="path">The folder.</param>
    /// <param name="option">How the user named it (e.g. "--out"), for the message.</param>
    /// <exception cref="CommandFailedException">The folder cannot be created (a parent is a file, no permission) or written.</exception>
    public static void Prepare(string path, string option)
    {
        string full = Path.GetFullPath(path);
        try
        {
            for (var d = new DirectoryInfo(full); d is not null; d = d.Parent)
                if (File.Exists(d.FullName))
                    throw new CommandFailedException($"{option} '{path}': cannot create the folder because '{d.FullName}' is a file");
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".glassbox-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{option} '{path}': the folder cannot be created or written ({e.Message})", e);
        }
    }
}
