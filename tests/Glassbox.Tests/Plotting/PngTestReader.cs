using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Glassbox.Tests.Plotting;

/// <summary>
/// A strict decoder for exactly the PNGs that <see cref="Glassbox.Plotting.PngWriter"/> should produce, written
/// independently of it for the tests: it verifies every chunk's CRC with a bit-at-a-time CRC-32 (not the writer's
/// table), checks the chunk order and IHDR fields, inflates IDAT and undoes filter type 0.
/// </summary>
internal static class PngTestReader
{
    /// <summary>CRC-32 one bit at a time, straight from the definition (reflected polynomial 0xEDB88320).</summary>
    public static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        }
        return ~c;
    }

    public sealed record Decoded(int Width, int Height, byte[] Rgb, List<string> ChunkTypes);

    public static Decoded Read(byte[] file)
    {
        byte[] sig = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(file.AsSpan(0, 8).SequenceEqual(sig), "bad PNG signature");
        int pos = 8, width = 0, height = 0;
        var types = new List<string>();
        using var idat = new MemoryStream();
        while (pos < file.Length)
        {
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos));
            string type = Encoding.ASCII.GetString(file, pos + 4, 4);
            var typeAndData = file.AsSpan(pos + 4, 4 + len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos + 8 + len));
            Assert.Equal(BitwiseCrc(typeAndData), crc);
            var data = file.AsSpan(pos + 8, len);
            types.Add(type);
            switch (type)
            {
                case "IHDR":
                    Assert.Equal(13, len);
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    Assert.Equal([8, 2, 0, 0, 0], data[8..].ToArray()); // depth 8, RGB, deflate, filter 0, no interlace
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": Assert.Equal(0, len); break;
            }
            pos += 12 + len;
        }
        Assert.Equal(file.Length, pos);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = 3 * width;
        Assert.Equal(height * (1 + stride), bytes.Length);
        var rgb = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (1 + stride)]); // filter type None on every row
            Array.Copy(bytes, y * (1 + stride) + 1, rgb, y * stride, stride);
        }
        return new Decoded(width, height, rgb, types);
    }
}
