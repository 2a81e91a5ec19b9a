using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Glassbox.Data;

/// <summary>SHA-256 of a dataset file's bytes, or of its decompressed content for gzip files, plus structural checks.</summary>
internal static class ContentHash
{
    /// <summary>
    /// Hex SHA-256 of <paramref name="path"/>. When <paramref name="decompress"/> is set and the file starts with
    /// the gzip magic, the decompressed stream is hashed; a file that is not gzip is hashed as is (it is then
    /// its own decompressed content).
    /// </summary>
    public static string Compute(string path, bool decompress) => Inspect(path, decompress).Sha256;

    /// <summary>
    /// As <see cref="Compute"/>, and for <paramref name="decompress"/> files also a description of a structural
    /// defect that the checksum alone would not name (null when none): bytes after the gzip member (which gzip
    /// decoders silently skip, so they do not change the hash), or content that starts with an IDX header whose
    /// declared size disagrees with the bytes present (truncated, or trailing bytes after the data).
    /// </summary>
    /// <exception cref="InvalidDataException">The gzip stream is corrupt.</exception>
    public static (string Sha256, string? Problem) Inspect(string path, bool decompress)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        bool gz = decompress && Idx.IsGzip(file);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        // The first bytes are kept to recognise an IDX header: magic + at most 255 four-byte sizes.
        var head = new byte[4 + 4 * 255];
        int headLength;
        // The gzip stream leaves the file open: the trailer check below still reads it.
        Stream s = gz ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        try
        {
            headLength = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            sha.AppendData(head, 0, headLength);
            total = headLength;
            var buf = new byte[1 << 16];
            int n;
            while ((n = s.Read(buf)) > 0) { sha.AppendData(buf, 0, n); total += n; }
        }
        finally
        {
            if (gz) s.Dispose();
        }
        string hex = Convert.ToHexStringLower(sha.GetHashAndReset());
        if (!decompress) return (hex, null);
        string? problem = IdxSizeProblem(head.AsSpan(0, headLength), total);
        if (problem is null && gz) problem = Idx.GzipTrailerProblem(file, total);
        return (hex, problem);
    }

    /// <summary>Null unless <paramref name="head"/> is an unsigned-byte IDX header whose declared data size differs from what follows it.</summary>
    private static string? IdxSizeProblem(ReadOnlySpan<byte> head, long total)
    {
        if (head.Length < 4 || head[0] != 0 || head[1] != 0 || head[2] != Idx.UnsignedByteType) return null;
        int ndim = head[3];
        long headerBytes = Idx.HeaderBytes(ndim);
        if (total < headerBytes) return $"truncated IDX header: it declares {ndim} dimensions but the content has only {total} bytes";
        var shape = new int[ndim];
        for (int k = 0; k < ndim; k++) shape[k] = BinaryPrimitives.ReadInt32BigEndian(head[(4 + 4 * k)..]);
        if (shape.Any(d => d < 0)) return $"IDX header shape {ShapeUtil.Format(shape)} has a negative size";
        if (Idx.DeclaredBytes(shape) is not long declared) return $"IDX header shape {ShapeUtil.Format(shape)} overflows a 64-bit size";
        long present = total - headerBytes;
        if (present < declared) return $"truncated: IDX header shape {ShapeUtil.Format(shape)} declares {declared} bytes of data but only {present} are present";
        if (present > declared) return $"{present - declared} trailing bytes after the data: IDX header shape {ShapeUtil.Format(shape)} declares {declared} bytes but {present} follow the header";
        return null;
    }
}
