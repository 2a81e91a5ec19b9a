using System.Text;
using Glassbox.Plotting;

namespace Glassbox.Tests.Plotting;

/// <summary>CRC-32, PNG encoding round trips and the atomic file write.</summary>
public sealed class PngWriterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-png-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Crc32MatchesKnownVectorsAndTheBitwiseDefinition()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));   // the standard check value
        Assert.Equal(0x414FA339u, Crc32.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));         // the CRC every PNG ends with
        var g = new Generator(1);
        for (int n = 0; n < 300; n += 7)
        {
            var data = new byte[n];
            for (int i = 0; i < n; i++) data[i] = (byte)g.NextInt(256);
            Assert.Equal(PngTestReader.BitwiseCrc(data), Crc32.Compute(data));
            int cut = n / 3; // incremental updates give the same CRC as one pass
            Assert.Equal(Crc32.Compute(data), Crc32.Update(Crc32.Update(0, data.AsSpan(0, cut)), data.AsSpan(cut)));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(64, 3)]
    public void PixelsRoundTripThroughAPngFile(int w, int h)
    {
        var g = new Generator((ulong)(w * 100 + h));
        var rgb = new byte[3 * w * h];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)g.NextInt(256);
        var path = Path.Combine(dir, "img.png");
        PngWriter.Write(path, rgb, w, h);
        var png = PngTestReader.Read(File.ReadAllBytes(path));
        Assert.Equal((w, h), (png.Width, png.Height));
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
        Assert.Equal(rgb, png.Rgb);
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporaries()
    {
        var path = Path.Combine(dir, "plot.png");
        File.WriteAllText(path, "old content");
        var img = new Image(4, 2, new Rgb(10, 20, 30));
        img.Save(path);
        var png = PngTestReader.Read(File.ReadAllBytes(path));
        Assert.Equal(new byte[] { 10, 20, 30 }, png.Rgb[..3]);
        Assert.Equal(["plot.png"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void BadSizesAndBufferLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PngWriter.Encode(new byte[5], 2, 1));
        Assert.Contains("expected 3*2*1 = 6", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.Encode([], 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(0, 3));
    }

    [Fact]
    public void ImageSetGetAndClippedFillRect()
    {
        var img = new Image(5, 4);
        Assert.Equal(Rgb.White, img.GetPixel(4, 3));
        img.SetPixel(1, 2, new Rgb(1, 2, 3));
        Assert.Equal(new Rgb(1, 2, 3), img.GetPixel(1, 2));
        Assert.Equal(new byte[] { 1, 2, 3 }, img.Pixels[(3 * (2 * 5 + 1))..(3 * (2 * 5 + 1) + 3)]);  // row-major from the top-left
        img.FillRect(3, -2, 10, 4, Rgb.Black);   // hangs over the top and right edges
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 5; x++)
                Assert.Equal(x >= 3 && y < 2 ? Rgb.Black : (x, y) == (1, 2) ? new Rgb(1, 2, 3) : Rgb.White, img.GetPixel(x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => img.SetPixel(5, 0, Rgb.Black));
    }
}
