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
/// truncation, no trailing garbage), otherwise a <see cref="DataFormatException"/> naming the file is thrown.
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
        using Stream s = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return ReadCore(s, path, hash);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
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

    private static IdxFile ReadCore(Stream s, string path, IncrementalHash? hash)
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
        long n = 1;
        for (int k = 0; k < ndim; k++)
        {
            shape[k] = BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * k));
            if (shape[k] < 0) throw new DataFormatException(path, $"dimension {k} has negative size {shape[k]}");
            n *= shape[k];
        }
        if (n > Array.MaxLength)
            throw new DataFormatException(path, $"header shape {ShapeUtil.Format(shape)} declares {n} elements, more than one array can hold");

        var data = new byte[n];
        got = s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < data.Length)
            throw new DataFormatException(path, $"truncated: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but only {got} are present");
        if (s.ReadByte() >= 0)
            throw new DataFormatException(path, $"size mismatch: header shape {ShapeUtil.Format(shape)} declares {n} bytes of data but the file holds more");
        hash?.AppendData(data);
        return new IdxFile(shape, data, path);
    }
}
