using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Glassbox.Data;

namespace Glassbox.Tests.Data;

/// <summary>
/// IDX headers that lie about their size: the reader must refuse them before allocating what they declare, and
/// verification must report trailing bytes (after the data, or after the gzip member) as a malformed file.
/// </summary>
public sealed class IdxHostileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-idx-hostile-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static byte[] Header(params int[] dims)
    {
        var b = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, (Idx.UnsignedByteType << 8) | dims.Length);
        for (int k = 0; k < dims.Length; k++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * k), dims[k]);
        return b;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(content);
        return ms.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs <paramref name="read"/> expecting a format error, and returns it with the bytes allocated meanwhile.</summary>
    private static (DataFormatException Error, long Allocated) Refuse(Func<object> read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(read);
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SixteenByteFileDeclaringTwoGigabytesIsRefusedWithoutAllocatingThem(bool gzip)
    {
        // 1024 × 1024 × 2000 = 2,097,152,000 bytes declared, none present.
        byte[] header = Header(1024, 1024, 2000);
        Assert.Equal(16, header.Length);
        string p = Write(gzip ? "2gb.gz" : "2gb", gzip ? Gzip(header) : header);
        var (e, allocated) = Refuse(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("declares 2097152000 bytes of data but only 0 are present", e.Message);
        // Raw: the size check precedes any data buffer; only the FileStream's 64 KiB buffer is allocated. Gzip: also
        // the initial reserve of 64 KiB + 8 × file size and the decompressor's own buffers (about 100 KiB).
        Assert.True(allocated < (gzip ? 512 << 10 : 128 << 10), $"allocated {allocated} bytes");
    }

    [Fact]
    public void DimensionsWhoseProductOverflowsAreRefused()
    {
        // (2^31 − 1)² × 4 overflows a long (it used to surface as an OverflowException from `new byte[n]`).
        string p = Write("overflow", Header(int.MaxValue, int.MaxValue, 4));
        var (e, _) = Refuse(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("overflows", e.Message);
        Assert.Contains("[2147483647, 2147483647, 4]", e.Message);

        // 2^30 × 2^30 × 16 = 2^64 wraps to exactly 0 without overflow checks: it used to load as an empty file
        // whose shape claims 2^64 elements.
        string q = Write("wrap", Header(1 << 30, 1 << 30, 16));
        var (e2, _) = Refuse(() => Idx.Read(q));
        Assert.Contains("overflows", e2.Message);
        Assert.Throws<ArgumentException>(() => new IdxFile([1 << 30, 1 << 30, 16], []));
    }

    [Fact]
    public void ZeroDimensionMakesAnEmptyFileWhateverTheOtherSizes()
    {
        string p = Write("empty", Header(int.MaxValue, 0, int.MaxValue));
        var f = Idx.Read(p);
        Assert.Equal([int.MaxValue, 0, int.MaxValue], f.Shape);
        Assert.Empty(f.Data);
    }

    [Fact]
    public void HighlyCompressibleGzipGrowsItsBufferAndReadsExactly()
    {
        // 3 MB that compress to a few KB: far more than the initial reserve, so the buffer must grow (by doubling)
        // and still end at exactly the declared size with every byte in place.
        var data = new byte[3 << 20];
        for (int i = 0; i < data.Length; i += 4099) data[i] = (byte)(i / 4099);
        string p = Path.Combine(dir, "sparse.gz");
        Idx.Write(p, new IdxFile([3, 1 << 20], data), gzip: true);
        Assert.True(new FileInfo(p).Length < 64 << 10);
        var f = Idx.Read(p);
        Assert.Equal([3, 1 << 20], f.Shape);
        Assert.Equal(data, f.Data);
    }

    [Fact]
    public void GzipLongerThanDeclaredIsRefused()
    {
        byte[] content = [.. Header(3), 1, 2, 3, 4, 5];
        string p = Write("long.gz", Gzip(content));
        var (e, _) = Refuse(() => Idx.Read(p));
        Assert.Contains("declares 3 bytes of data but the file holds more", e.Message);
    }

    [Fact]
    public void GarbageAfterTheGzipMemberIsRefusedByReadAndReportedByVerify()
    {
        byte[] content = [.. Header(4), 9, 8, 7, 6];
        byte[] gz = Gzip(content);
        // GZipStream itself stops at the end of the member and ignores these bytes without a word.
        string p = Write("garbage.gz", [.. gz, 0x12, 0x34, 0x56]);
        var (e, _) = Refuse(() => Idx.Read(p));
        Assert.Contains(p, e.Message);
        Assert.Contains("trailing bytes after the gzip member", e.Message);

        var info = new DatasetInfo("hostile", "test", "none", [new DatasetFile("garbage.gz", Convert.ToHexStringLower(SHA256.HashData(content)), true, null)]);
        string folder = Path.Combine(dir, "hostile");
        Directory.CreateDirectory(folder);
        File.Copy(p, Path.Combine(folder, "garbage.gz"));
        var s = DatasetRegistry.Verify(info, dir).Single();
        Assert.Equal(FileState.Malformed, s.State);
        Assert.Contains("trailing bytes after the gzip member", s.Detail);
        // The decompressed content is intact, which is exactly why the hash alone cannot reveal the garbage.
        Assert.Equal(info.Files[0].Sha256, s.ActualSha256);

        File.WriteAllBytes(Path.Combine(folder, "garbage.gz"), gz);
        Assert.Equal(FileState.Ok, DatasetRegistry.Verify(info, dir).Single().State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void VerifyReportsTrailingBytesAfterTheDeclaredData(bool gzip)
    {
        byte[] content = [.. Header(2), 5, 6, 0, 0, 0];
        var info = new DatasetInfo("extra", "test", "none", [new DatasetFile("x.gz", new string('0', 64), true, null)]);
        string folder = Path.Combine(dir, "extra");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "x.gz"), gzip ? Gzip(content) : content);
        var s = DatasetRegistry.Verify(info, dir).Single();
        Assert.Equal(FileState.Malformed, s.State);
        Assert.Equal("3 trailing bytes after the data: IDX header shape [2] declares 2 bytes but 5 follow the header", s.Detail);
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetRegistry.Fetch(info, dir));
        Assert.Contains("x.gz (malformed: 3 trailing bytes", e.Message);
    }
}
