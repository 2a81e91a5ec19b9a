using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Glassbox.Data;

/// <summary>
/// Reader and writer for the IDX format of LeCun et al.'s MNIST distribution (also used by Fashion-MNIST),
/// plain or gzip-compressed.
/// </summary>
/// <remarks>
/// <para>Layout: a 4-byte magic <c>00 00 TT DD</c> — two zero bytes, a type code <c>TT</c> (0x08 = unsigned
/// byte, the only type MNIST uses and the only one read here) and the dimension count <c>DD</c> — then
/// <c>DD</c> big-endian int32 sizes, then Π sizes elements in row-major order. Image files are therefore
/// <c>0x00000803</c> ([N, rows, cols]) and label files <c>0x00000801</c> ([N]).</para>
/// <para>Gzip is detected from the content (magic bytes <c>1F 8B</c>), not the file name.</para>
/// <para>Every read is all-or-nothing: the declared size must match the bytes present exactly (no
/// truncation, no trailing bytes after the data, no garbage after the gzip member), otherwise a
/// <see cref="DataFormatException"/> naming the file is thrown. The header's size arithmetic is overflow-checked
/// and compared with the bytes present before the data buffer is allocated (for gzip, where the content length is
/// not known up front, the buffer grows as bytes arrive), so a corrupt header cannot cause a huge allocation.
/// Mirrors <c>torchvision.datasets.mnist.read_sn3_pascalvincent_tensor</c>.</para>
/// </remarks>
public static class Idx
{
    /// <summary>Type code of unsigned-byte IDX data.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Magic number of an MNIST image file (unsigned bytes, 3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an MNIST label file (unsigned bytes, 1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an IDX file of unsigned bytes (gzipped or not) completely and validates it.</summary>
    /// <exception cref="DataFormatException">The magic, header or size is wrong; the message names the file.</exception>
    public static IdxFile Read(string path) => Read(path, null);

    /// <summary>Reads an IDX file, feeding every decompressed byte (header included) to <paramref name="hash"/>.</summary>
    internal static IdxFile Read(string path, IncrementalHash? hash)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        bool gz = IsGzip(file);
        long fileLength = file.Length;
        using Stream s = gz ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        IdxFile result;
        try
        {
            result = ReadCore(s, path, hash, gz ? null : fileLength, fileLength);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
        if (gz && GzipTrailerProblem(file, HeaderBytes(result.Shape.Count) + result.Data.LongLength) is { } problem)
            throw new DataFormatException(path, problem);
        return result;
    }

    /// <summary>Bytes before the data: the 4-byte magic and 4 bytes per dimension.</summary>
    internal static long HeaderBytes(int ndim) => 4 + 4L * ndim;

    /// <summary>
    /// Π <paramref name="shape"/>, or null when the product overflows a long. A zero dimension makes the product
    /// zero whatever the others are, so the order of multiplication cannot fake an overflow (or hide one).
    /// </summary>
    internal static long? DeclaredBytes(ReadOnlySpan<int> shape)
    {
        foreach (int d in shape) if (d == 0) return 0;
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0 || n > long.MaxValue / d) return null;
            n *= d;
        }
        return n;
    }

    /// <summary>
    /// Null when the gzip file ends exactly where its (single) member ends, else the problem. GZipStream stops at the
    /// end of the deflate data and silently ignores whatever follows it, so trailing garbage would go unnoticed; the
    /// check is that the file's last 4 bytes are the member's ISIZE field (content length mod 2³²), which holds for
    /// a file written in one member, as the MNIST distribution and <see cref="Write"/> are. (A concatenation of
    /// several members, legal gzip but never used for IDX, is reported too.)
    /// </summary>
    internal static string? GzipTrailerProblem(FileStream file, long contentLength)
    {
        Span<byte> last = stackalloc byte[4];
        if (file.Length < 18) return $"the file has {file.Length} bytes, too short for a gzip member (at least 18)";
        file.Position = file.Length - 4;
        file.ReadExactly(last);
        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(last);
        return isize == (uint)contentLength ? null
            : $"trailing bytes after the gzip member: the file does not end with the member's length field (its last 4 bytes read {isize}, the content is {contentLength} bytes), so it carries garbage after the compressed data or several gzip members";
    }

    /// <summary>
    /// Reads an image file and its label file and checks that they belong together: images are 3-dimensional
    /// ([N, rows, cols], magic 0x00000803), labels 1-dimensional ([N], magic 0x00000801), and both N agree.
    /// </summary>
    public static (IdxFile Images, IdxFile Labels) ReadLabeled(string imagesPath, string labelsPath)
    {
        var images = Read(imagesPath);
        var labels = Read(labelsPath);
        CheckLabeled(images, labels);
        return (images, labels);
    }

    internal static void CheckLabeled(IdxFile images, IdxFile labels)
    {
        if (images.Shape.Count != 3)
            throw new DataFormatException(images.Source, $"expected an image file with 3 dimensions [N, rows, cols] (magic 0x{ImagesMagic:X8}), got {images.Shape.Count} dimensions {ShapeUtil.Format(images.Shape.ToArray())}");
        if (labels.Shape.Count != 1)
            throw new DataFormatException(labels.Source, $"expected a label file with 1 dimension [N] (magic 0x{LabelsMagic:X8}), got {labels.Shape.Count} dimensions {ShapeUtil.Format(labels.Shape.ToArray())}");
        if (images.Count != labels.Count)
            throw new DataFormatException(labels.Source, $"holds {labels.Count} labels but the image file {images.Source} holds {images.Count} images");
    }

    /// <summary>
    /// Writes <paramref name="file"/> as IDX (unsigned bytes), gzip-compressed when <paramref name="gzip"/> is true.
    /// The file is written to a temporary name and moved into place, so readers never see half a file.
    /// </summary>
    public static void Write(string path, IdxFile file, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Shape.Count > 255) throw new ArgumentException($"Idx.Write: at most 255 dimensions, got {file.Shape.Count}");
        string tmp = path + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (Stream s = gzip ? new GZipStream(fs, CompressionLevel.Optimal) : fs)
            {
                Span<byte> word = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(word, (UnsignedByteType << 8) | file.Shape.Count);
                s.Write(word);
                foreach (int d in file.Shape) { BinaryPrimitives.WriteInt32BigEndian(word, d); s.Write(word); }
                s.Write(file.Data);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>True when the stream starts with the gzip magic 1F 8B; the stream is rewound.</summary>
    internal static bool IsGzip(Stream seekable)
    {
        Span<byte> two = stackalloc byte[2];
        int n = seekable.ReadAtLeast(two, 2, throwOnEndOfStream: false);
        seekable.Position = 0;
        return n == 2 && two[0] == 0x1F && two[1] == 0x8B;
    }

    /// <summary>
    /// Largest buffer reserved up front for gzip content before the bytes have arrived: a hostile header can
    /// declare 2 GB in a 100-byte file, so the buffer starts at min(declared, 64 KiB + 8 × compressed size) and grows
    /// only as data actually decompresses (8× covers MNIST's ratio of about 5, so real files are read in one piece).
    /// </summary>
    private const long GzipReserveSlack = 1 << 16;

    /// <summary>
    /// Parses the header and the data. <paramref name="rawLength"/> is the file length when the stream is the file
    /// itself (then the size is checked before allocating), null for a decompressing stream (then the buffer grows
    /// as bytes arrive and the read stops as soon as the content is shorter or longer than declared).
    /// </summary>
    private static IdxFile ReadCore(Stream s, string path, IncrementalHash? hash, long? rawLength, long fileLength)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = s.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4) throw new DataFormatException(path, $"truncated: the file has {got} bytes, too short for the 4-byte IDX magic number");
        int magicValue = BinaryPrimitives.ReadInt32BigEndian(magic);
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(path, $"wrong magic number 0x{magicValue:X8}: an IDX file starts with two zero bytes, a type code and a dimension count (0x{ImagesMagic:X8} for images, 0x{LabelsMagic:X8} for labels)");
        if (magic[2] != UnsignedByteType)
            throw new DataFormatException(path, $"wrong magic number 0x{magicValue:X8}: type code 0x{magic[2]:X2} is not supported, only 0x08 (unsigned byte) as used by MNIST");
        int ndim = magic[3];
        hash?.AppendData(magic);

        var dims = new byte[4 * ndim];
        got = s.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false);
        if (got < dims.Length)
            throw new DataFormatException(path, $"truncated: the header declares {ndim} dimensions ({dims.Length} bytes of sizes) but only {got} bytes follow the magic number");
        hash?.AppendData(dims);
        var shape = new int[ndim];
        for (int k = 0; k < ndim; k++)
        {
            shape[k] = BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * k));
            if (shape[k] < 0) throw new DataFormatException(path, $"dimension {k} has negative size {shape[k]}");
        }
        long n = DeclaredBytes(shape) ?? throw new DataFormatException(path, $"header shape {ShapeUtil.Format(shape)} declares more elements than a 64-bit size can count (the product overflows)");
        if (n > Array.MaxLength)
            throw new DataFormatException(path, $"header shape {ShapeUtil.Format(shape)} declares {n} elements, more than one array can hold ({Array.MaxLength})");

        if (rawLength is long length)
        {
            // Uncompressed: the file size says exactly how much data there is, so compare before allocating.
            long present = length - HeaderBytes(ndim);
            if (present < n)
                throw new DataFormatException(path, $"truncated: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but only {present} are present");
            if (present > n)
                throw new DataFormatException(path, $"size mismatch: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but the file holds {present} ({present - n} trailing bytes)");
        }

        var data = new byte[rawLength is null ? Math.Min(n, GzipReserveSlack + 8 * fileLength) : n];
        long filled = 0;
        while (filled < n)
        {
            if (filled == data.Length)
                Array.Resize(ref data, (int)Math.Min(n, Math.Max(2L * data.Length, 1 << 16)));
            int r = s.Read(data, (int)filled, data.Length - (int)filled);
            if (r == 0)
                throw new DataFormatException(path, $"truncated: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but only {filled} are present");
            filled += r;
        }
        if (s.ReadByte() >= 0)
            throw new DataFormatException(path, $"size mismatch: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but the file holds more");
        hash?.AppendData(data);
        return new IdxFile(shape, data, path);
    }
}
