using System.IO.Compression;
using System.Security.Cryptography;

namespace Glassbox.Data;

/// <summary>SHA-256 of a dataset file's bytes, or of its decompressed content for gzip files.</summary>
internal static class ContentHash
{
    /// <summary>
    /// Hex SHA-256 of <paramref name="path"/>. When <paramref name="decompress"/> is set and the file starts with
    /// the gzip magic, the decompressed stream is hashed; a file that is not gzip is hashed as is (it is then
    /// its own decompressed content).
    /// </summary>
    public static string Compute(string path, bool decompress)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using Stream s = decompress && Idx.IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buf = new byte[1 << 16];
        int n;
        while ((n = s.Read(buf)) > 0) sha.AppendData(buf, 0, n);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
