namespace Glassbox.Plotting;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the bytes go to a temporary
/// file in the same folder (a rename is only atomic within one file system) and that file is then renamed over the
/// target. A failure deletes the temporary and leaves any existing file untouched.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; its folder must exist.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var f = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write)) f.Write(bytes);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { /* best effort: the original error matters more */ }
            throw;
        }
    }
}
