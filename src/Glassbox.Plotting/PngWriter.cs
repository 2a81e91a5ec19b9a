using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Glassbox.Plotting;

/// <summary>
/// A minimal PNG encoder written from the PNG specification (ISO/IEC 15948, W3C PNG 2nd/3rd edition): 8-bit
/// truecolour (colour type 2), no interlacing, no ancillary chunks.
/// </summary>
/// <remarks>
/// <para>A PNG file is the 8-byte signature followed by chunks. Each chunk is
/// <c>length (4 bytes, big-endian, data only) · type (4 ASCII bytes) · data · CRC-32 of type + data</c>.
/// We write exactly three kinds:</para>
/// <list type="bullet">
/// <item><c>IHDR</c> — width, height (big-endian uint32), bit depth 8, colour type 2 (RGB), compression method 0
/// (deflate), filter method 0, interlace method 0.</item>
/// <item><c>IDAT</c> — the image data: each scanline is one filter-type byte followed by its 3·width bytes, and the
/// concatenation of all scanlines is compressed as one zlib stream (RFC 1950 header + deflate + Adler-32), which
/// <see cref="ZLibStream"/> produces. We use filter type 0 (None) on every row: simplest, and plots made of flat
/// colour regions compress well without prediction.</item>
/// <item><c>IEND</c> — empty; marks the end.</item>
/// </list>
/// <para>The signature 89 50 4E 47 0D 0A 1A 0A is chosen to detect damage in transit: the high bit catches 7-bit
/// channels, CR LF and LF catch line-ending conversion, and 1A stops a DOS <c>type</c>.</para>
/// </remarks>
public static class PngWriter
{
    /// <summary>The 8 bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Writes an RGB image to <paramref name="path"/> atomically: the file is built under a temporary name in the same
    /// folder and then renamed over the target, so a reader never sees a half-written PNG and a crash leaves any old
    /// file intact.
    /// </summary>
    /// <param name="path">Destination file; its folder must exist. An existing file is replaced.</param>
    /// <param name="rgb">Pixels row-major from the top-left, 3 bytes (R, G, B) each; length 3·width·height.</param>
    /// <param name="width">Width in pixels (1 … 2³¹ − 1 per the spec; here limited so the buffer fits in memory).</param>
    /// <param name="height">Height in pixels.</param>
    public static void Write(string path, byte[] rgb, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, Encode(rgb, width, height));
    }

    /// <summary>Encodes an RGB image as the bytes of a PNG file (see <see cref="Write"/> for the layout).</summary>
    public static byte[] Encode(byte[] rgb, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        CheckSize(width, height, "PngWriter");
        long rowBytes = 3L * width;
        if (rgb.Length != rowBytes * height)
            throw new ArgumentException($"PngWriter: rgb has {rgb.Length} bytes, expected 3*{width}*{height} = {rowBytes * height}", nameof(rgb));

        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = 8;   // bit depth: 8 bits per channel
        ihdr[9] = 2;   // colour type 2: truecolour RGB, no alpha
        ihdr[10] = 0;  // compression method 0: zlib deflate (the only one defined)
        ihdr[11] = 0;  // filter method 0: adaptive filtering with the five basic types
        ihdr[12] = 0;  // interlace method 0: none
        WriteChunk(file, "IHDR", ihdr);

        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (int y = 0; y < height; y++)
                {
                    z.WriteByte(0); // filter type 0 (None): the row's bytes are stored as they are
                    z.Write(rgb, (int)(y * rowBytes), (int)rowBytes);
                }
            }
            WriteChunk(file, "IDAT", raw.GetBuffer().AsSpan(0, (int)raw.Length));
        }

        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        s.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        s.Write(typeBytes);
        s.Write(data);
        // The CRC covers the type and the data but not the length field.
        uint crc = Crc32.Update(Crc32.Update(0, typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    internal static void CheckSize(int width, int height, string op)
    {
        // PNG forbids zero-sized images; the cap keeps 3·w·h and each scanline within a .NET array.
        const int maxSide = 1 << 14;
        if (width < 1 || width > maxSide || height < 1 || height > maxSide)
            throw new ArgumentOutOfRangeException(nameof(width), $"{op}: width and height must be in [1, {maxSide}], got {width}x{height}");
    }
}
