using System.Buffers.Binary;
using System.Text;

namespace Glassbox.Tracking;

/// <summary>
/// Checks a database file's first 100 bytes (the SQLite header) before SQLite opens it, so that a file that is not a
/// database, or one cut short, is reported with a precise reason instead of SQLite's generic "file is not a database"
/// or a failure deep inside a later query.
/// </summary>
/// <remarks>
/// Header layout (big-endian): bytes 0–15 the magic "SQLite format 3\0"; 16–17 the page size (1 means 65536); 24–27
/// the file change counter; 28–31 the size in pages; 92–95 the change counter at which that size was written. The
/// size is only trustworthy when bytes 92–95 equal bytes 24–27 (older writers did not maintain it); then a file
/// shorter than size × page size has lost its tail. A file extended beyond it is not flagged: SQLite tolerates that.
/// </remarks>
internal static class DatabaseFileCheck
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>Throws <see cref="RunStoreException"/> when <paramref name="path"/> exists, is not empty and is not a whole SQLite file.</summary>
    public static void Check(string path)
    {
        byte[] header = new byte[100];
        long length;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = f.Length;
            if (length == 0) return; // SQLite treats an empty file as a new database
            int read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < header.Length)
            {
                bool magic = read >= Magic.Length && header.AsSpan(0, Magic.Length).SequenceEqual(Magic);
                throw new RunStoreException(path, magic
                    ? $"truncated: {read} bytes, shorter than the 100-byte SQLite header; restore it from a backup or move it aside to start a new record"
                    : $"not an SQLite database ({read} bytes, no SQLite header); is this the right file? Move it aside to start a new record");
            }
        }
        catch (FileNotFoundException) { return; }
        catch (DirectoryNotFoundException) { return; }
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new RunStoreException(path, "not an SQLite database (the file does not start with \"SQLite format 3\"); is this the right file? Move it aside to start a new record");
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        if (pageSize == 1) pageSize = 65536;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            throw new RunStoreException(path, $"corrupt SQLite header: page size {pageSize} is not a power of two from 512 to 65536");
        uint changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24));
        uint pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
        uint validFor = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
        if (validFor == changeCounter && pages > 0 && length < (long)pages * pageSize)
            throw new RunStoreException(path, $"truncated: the header says {pages} pages of {pageSize} bytes ({(long)pages * pageSize} bytes) but the file has {length}; restore it from a backup or move it aside to start a new record");
    }
}
