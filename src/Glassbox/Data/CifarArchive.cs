using System.Formats.Tar;
using System.IO.Compression;

namespace Glassbox.Data;

/// <summary>
/// Hardened extraction of a binary CIFAR archive (<c>cifar-10-binary.tar.gz</c>, <c>cifar-100-binary.tar.gz</c>):
/// gzip-compressed tar, read as a stream, writing only the members the format defines.
/// </summary>
/// <remarks>
/// <para>What is refused, with a <see cref="DataFormatException"/> naming the archive and the member: a member name
/// that is absolute, contains <c>..</c>, a backslash, a drive letter or a control character (an archive that tries to
/// write outside its folder is hostile even if the name is not one we would extract); a symbolic or hard link, device
/// or FIFO of any name (a link named like a data file would redirect the later read); an expected member that is not
/// a regular file, appears twice, or has the wrong size (data files must hold exactly their record count; name files
/// at most <see cref="CifarLayout.MaxNameFileBytes"/>); a label byte out of range; a member missing at the end;
/// a corrupt or truncated gzip or tar stream. Other regular files with safe names (the CIFAR-10 archive's
/// <c>readme.html</c>) and directory entries are skipped: nothing is ever written under a name taken from the archive,
/// only under the layout's own names.</para>
/// <para>Atomicity: members are written into a temporary folder <c>.FOLDER.PID.GUID.part</c> beside the destination
/// and the folder is renamed into place only after every member has passed, so the destination is either absent, the
/// previous complete copy, or the new complete copy. A failed extraction deletes its temporary folder; one left by a
/// killed process is deleted by <see cref="DatasetDownloader.CleanStaleTemps"/> on the next load.</para>
/// </remarks>
internal static class CifarArchive
{
    /// <summary>
    /// Extracts <paramref name="archivePath"/> into <c><paramref name="parent"/>/<see cref="CifarLayout.Folder"/></c>,
    /// replacing an existing copy; returns that folder.
    /// </summary>
    /// <exception cref="DataFormatException">The archive is corrupt, truncated or hostile (see the remarks).</exception>
    public static string Extract(string archivePath, string parent, CifarLayout layout)
    {
        Directory.CreateDirectory(parent);
        string final = Path.Combine(parent, layout.Folder);
        string tmp = Path.Combine(parent, $".{layout.Folder}.{Environment.ProcessId}.{Guid.NewGuid():N}.part");
        Directory.CreateDirectory(tmp);
        try
        {
            ExtractInto(archivePath, tmp, layout);
            if (Directory.Exists(final))
            {
                // Move the old copy aside first: Directory.Move does not replace, and deleting in place would leave
                // a window with neither copy.
                string old = Path.Combine(parent, $".{layout.Folder}.{Environment.ProcessId}.{Guid.NewGuid():N}.part");
                Directory.Move(final, old);
                Directory.Move(tmp, final);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(tmp, final);
            return final;
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    private static void ExtractInto(string archivePath, string tmp, CifarLayout layout)
    {
        var expected = new Dictionary<string, (string File, long? Bytes, int Records)>(StringComparer.Ordinal);
        foreach (var (name, records) in layout.DataFiles) expected[layout.Member(name)] = (name, layout.DataBytes(records), records);
        foreach (var name in layout.NameFiles) expected[layout.Member(name)] = (name, null, 0);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is TarEntry entry)
            {
                string name = entry.Name;
                if (UnsafeName(name) is string why)
                    throw new DataFormatException(archivePath, $"member '{Printable(name)}' {why}; refusing to extract a hostile archive");
                if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    throw new DataFormatException(archivePath, $"member '{name}' is a {(entry.EntryType == TarEntryType.SymbolicLink ? "symbolic" : "hard")} link to '{Printable(entry.LinkName)}'; CIFAR archives contain only regular files");
                bool regular = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
                if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes) continue;
                if (!regular)
                    throw new DataFormatException(archivePath, $"member '{name}' has tar type {entry.EntryType}; CIFAR archives contain only regular files and folders");
                if (!expected.TryGetValue(name, out var want)) continue;
                if (!seen.Add(name))
                    throw new DataFormatException(archivePath, $"member '{name}' appears twice");
                string dest = Path.Combine(tmp, want.File);
                if (want.Bytes is long bytes)
                {
                    if (entry.Length != bytes)
                        throw new DataFormatException(archivePath, $"member '{name}' has {entry.Length} bytes; {SizeRule(layout, want.Records)}");
                    var data = ReadMember(entry, bytes, archivePath, name);
                    CifarFiles.CheckLabels(data, layout, archivePath, name);
                    File.WriteAllBytes(dest, data);
                }
                else
                {
                    if (entry.Length > CifarLayout.MaxNameFileBytes)
                        throw new DataFormatException(archivePath, $"member '{name}' has {entry.Length} bytes; a class-name file may have at most {CifarLayout.MaxNameFileBytes}");
                    var data = ReadMember(entry, entry.Length, archivePath, name);
                    int which = Array.IndexOf(layout.NameFiles, want.File);
                    CifarFiles.ParseNames(data, layout.NameCount(which), archivePath, name);
                    File.WriteAllBytes(dest, data);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or OverflowException)
        {
            throw new DataFormatException(archivePath, $"not a valid gzip-compressed tar archive: {e.Message}", e);
        }
        var missing = expected.Keys.Where(k => !seen.Contains(k)).ToArray();
        if (missing.Length > 0)
            throw new DataFormatException(archivePath, $"the archive lacks member(s) {string.Join(", ", missing)}; it is truncated or not the {layout.DatasetName} binary archive");
    }

    /// <summary>The rule a data member's size breaks, for the error message.</summary>
    internal static string SizeRule(CifarLayout layout, int records)
        => $"expected exactly {records} records of {layout.RecordBytes} bytes ({layout.LabelBytes} label byte{(layout.LabelBytes > 1 ? "s" : "")} + {CifarLayout.PixelBytes} pixel bytes) = {layout.DataBytes(records)}";

    private static byte[] ReadMember(TarEntry entry, long bytes, string archivePath, string name)
    {
        var data = new byte[bytes];
        var s = entry.DataStream;
        int got = s is null ? 0 : s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got != bytes)
            throw new DataFormatException(archivePath, $"member '{name}' is truncated: its header declares {bytes} bytes but only {got} follow");
        return data;
    }

    /// <summary>Why <paramref name="name"/> could escape the extraction folder, or null when it cannot.</summary>
    internal static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "has an empty name";
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':')) return "has an absolute path";
        if (name.Contains('\\')) return "contains a backslash";
        foreach (char c in name)
            if (char.IsControl(c)) return "contains a control character";
        foreach (var part in name.Split('/'))
            if (part == "..") return "contains a '..' path component (path traversal)";
        return null;
    }

    private static string Printable(string? s) => s is null ? "" : new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
