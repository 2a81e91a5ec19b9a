using System.IO.Compression;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>IDX round trips (plain and gzip) and the all-or-nothing validation of corrupt files.</summary>
public sealed class IdxTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-idx-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static IdxFile RandomFile(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var data = new byte[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)g.NextInt(256);
        return new IdxFile(shape, data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteThenReadRoundTrips(bool gzip)
    {
        var f = RandomFile(1, 5, 3, 4);
        string path = Path.Combine(dir, gzip ? "x.gz" : "x");
        Idx.Write(path, f, gzip);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(gzip, bytes[0] == 0x1F && bytes[1] == 0x8B);
        if (!gzip)
        {
            Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 4 }, bytes[..16]); // magic 0x803, big-endian dims
            Assert.Equal(16 + 60, bytes.Length);
        }
        var r = Idx.Read(path);
        Assert.Equal([5, 3, 4], r.Shape);
        Assert.Equal(f.Data, r.Data);
        Assert.Equal(path, r.Source);
    }

    [Fact]
    public void ConversionsScaleToUnitIntervalAndWidenLabels()
    {
        var f = new IdxFile([2, 2], [0, 1, 128, 255]);
        Assert.Equal([0f, 1f / 255f, 128f / 255f, 1f], f.ToFloat32().ToArray<float>());
        Assert.Equal([1, 4], f.ToFloat32(shape: [1, -1]).ShapeToArray());
        Assert.Equal([0L, 1, 128, 255], f.ToInt64().ToArray<long>());
        Assert.Equal([0f, 2f, 256f, 510f], f.ToFloat32(2.0).ToArray<float>());
    }

    private string WriteRaw(string name, byte[] content, bool gzip = false)
    {
        string path = Path.Combine(dir, name);
        if (!gzip) { File.WriteAllBytes(path, content); return path; }
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Optimal);
        gz.Write(content);
        return path;
    }

    private static byte[] Labels(params byte[] values) => [0, 0, 8, 1, 0, 0, 0, (byte)values.Length, .. values];

    [Fact]
    public void WrongMagicNamesFileAndExpectedMagic()
    {
        string p = WriteRaw("bad-magic", [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]);
        var e = Assert.Throws<DataFormatException>(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("wrong magic number 0x12345678", e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Equal(p, e.FilePath);

        string q = WriteRaw("float-type", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        var e2 = Assert.Throws<DataFormatException>(() => Idx.Read(q));
        Assert.Contains(q, e2.Message);
        Assert.Contains("type code 0x0D", e2.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataIsRejectedNamingFileAndSizes(bool gzip)
    {
        var full = Labels(1, 2, 3, 4, 5, 6);
        string p = WriteRaw("short" + (gzip ? ".gz" : ""), full[..^2], gzip);
        var e = Assert.Throws<DataFormatException>(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("declares 6 bytes of data but only 4 are present", e.Message);
    }

    [Fact]
    public void TruncatedGzipStreamIsRejectedNamingFile()
    {
        // Cut the compressed bytes themselves (not the payload): the gzip stream ends mid-block.
        var big = RandomFile(2, 100, 50);
        string whole = Path.Combine(dir, "whole.gz");
        Idx.Write(whole, big, gzip: true);
        var bytes = File.ReadAllBytes(whole);
        string p = WriteRaw("cut.gz", bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
    }

    [Fact]
    public void TruncatedHeaderAndTrailingBytesAreRejected()
    {
        string tiny = WriteRaw("tiny", [0, 0, 8]);
        Assert.Contains("too short for the 4-byte IDX magic", Assert.Throws<DataFormatException>(() => Idx.Read(tiny)).Message);
        string dims = WriteRaw("dims", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0]);
        Assert.Contains("declares 3 dimensions", Assert.Throws<DataFormatException>(() => Idx.Read(dims)).Message);
        string extra = WriteRaw("extra", [.. Labels(1, 2), 9]);
        var e = Assert.Throws<DataFormatException>(() => Idx.Read(extra));
        Assert.Contains("size mismatch", e.Message);
        Assert.Contains(extra, e.Message);
    }

    [Fact]
    public void ImageAndLabelCountsMustAgree()
    {
        string images = Path.Combine(dir, "img"), labels = Path.Combine(dir, "lab");
        Idx.Write(images, RandomFile(3, 3, 2, 2));
        Idx.Write(labels, new IdxFile([2], [1, 2]));
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadLabeled(images, labels));
        Assert.Contains(labels, e.Message);
        Assert.Contains("2 labels", e.Message);
        Assert.Contains("3 images", e.Message);

        Idx.Write(labels, new IdxFile([3], [1, 2, 3]));
        var (im, lb) = Idx.ReadLabeled(images, labels);
        Assert.Equal(3, im.Count);
        Assert.Equal([1L, 2, 3], lb.ToInt64().ToArray<long>());
        // Swapped arguments: the "images" file is 1-D.
        Assert.Contains("3 dimensions", Assert.Throws<DataFormatException>(() => Idx.ReadLabeled(labels, images)).Message);
    }
}
