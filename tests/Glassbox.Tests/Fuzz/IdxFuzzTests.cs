using System.Buffers.Binary;
using System.IO.Compression;
using Glassbox.Data;
using Xunit.Abstractions;

namespace Glassbox.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="Idx.Read(string)"/> on raw and gzip-wrapped IDX files (byte mutations of the file, of the
/// content before compressing it, header edits of magic and sizes, garbage after the gzip member), and
/// <see cref="DatasetRegistry.Verify(DatasetInfo, string?)"/> on the same bytes, which must report, never throw.
/// </summary>
public sealed class IdxFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("glassbox-fuzz-idx-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static byte[] Raw(int[] shape, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[shape.Aggregate(1, (a, b) => a * b)];
        rng.NextBytes(data);
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, (Idx.UnsignedByteType << 8) | shape.Length);
        for (int k = 0; k < shape.Length; k++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * k), shape[k]);
        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(content);
        return ms.ToArray();
    }

    /// <summary>Header-aware edit of raw IDX bytes: the type code, the dimension count, one size, or the data length.</summary>
    private static (byte[] Bytes, string What) EditHeader(Random rng, byte[] raw)
    {
        var b = raw.ToList();
        int ndim = raw[3];
        switch (rng.Next(4))
        {
            case 0:
            {
                byte[] types = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00, 0xFF];
                byte t = types[rng.Next(types.Length)];
                b[2] = t;
                return (b.ToArray(), $"type code 0x{t:X2}");
            }
            case 1:
            {
                byte n = (byte)(rng.Next(3) == 0 ? rng.Next(256) : Math.Clamp(ndim + rng.Next(-2, 3), 0, 255));
                b[3] = n;
                return (b.ToArray(), $"dimension count {n}");
            }
            case 2:
            {
                if (ndim == 0) goto case 1;
                int k = rng.Next(ndim);
                long v = ByteMutator.BoundaryIntegers[rng.Next(ByteMutator.BoundaryIntegers.Length)];
                var word = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(word, unchecked((int)v));
                for (int i = 0; i < 4; i++) b[4 + 4 * k + i] = word[i];
                return (b.ToArray(), $"size {k} = {unchecked((int)v)}");
            }
            default:
            {
                int delta = rng.Next(-3, 4);
                if (delta < 0) b.RemoveRange(Math.Max(0, b.Count + delta), Math.Min(b.Count, -delta));
                else b.AddRange(new byte[delta]);
                return (b.ToArray(), $"data length {delta:+0;-0;0}");
            }
        }
    }

    private static (byte[] Bytes, string What) Generate(Random rng, byte[][] raws)
    {
        byte[] raw = raws[rng.Next(raws.Length)];
        byte[] donor = raws[rng.Next(raws.Length)];
        var (content, what) = rng.Next(2) == 0 ? EditHeader(rng, raw) : ByteMutator.Mutate(rng, raw, donor);
        switch (rng.Next(4))
        {
            case 0: return (content, what + " (raw)");
            case 1: return (Gzip(content), what + " (gzip)");
            case 2:
            {
                // Mutate the compressed bytes themselves.
                var (gz, w) = ByteMutator.Mutate(rng, Gzip(raw), Gzip(donor));
                return (gz, w + " (of the gzip file)");
            }
            default:
            {
                var garbage = new byte[1 + rng.Next(16)];
                if (rng.Next(2) == 0) rng.NextBytes(garbage);
                return ([.. Gzip(content), .. garbage], what + $" (gzip + {garbage.Length} trailing bytes)");
            }
        }
    }

    [Fact]
    public void ReadRejectsMutatedFilesWithFormatErrorsOnly()
    {
        byte[][] raws = [Raw([10], 1), Raw([3, 4, 5], 2), Raw([2, 28, 28], 3), Raw([], 4)];
        var runner = new FuzzRunner(output, "IDX (raw and gzip)", dir)
        {
            // Raw: exactly the declared data (checked against the file size first). Gzip: the buffer reserved before
            // data arrives is at most 64 KiB + 8 × file size, plus GZipStream's own state (~100 KiB measured); both within the slack.
            AllocationPerByte = 16,
            AllocationSlack = 512 << 10,
        };
        runner.Run(seed: 7_000_000, "case.idx",
            rng => Generate(rng, raws),
            path => Idx.Read(path),
            e => e is DataFormatException or InvalidDataException,
            (result, _) =>
            {
                var f = (IdxFile)result!;
                long n = f.Shape.Aggregate(1L, (a, d) => a * d);
                return n == f.Data.Length ? null : $"shape {string.Join("x", f.Shape)} does not match {f.Data.Length} data bytes";
            });
    }

    [Fact]
    public void VerifyReportsMutatedFilesWithoutThrowing()
    {
        byte[][] raws = [Raw([10], 1), Raw([3, 4, 5], 2)];
        var info = new DatasetInfo("fuzz", "fuzzed IDX", "none", [new DatasetFile("case.gz", new string('0', 64), true, null)]);
        var runner = new FuzzRunner(output, "IDX verify", Path.Combine(dir, "fuzz")) { AllocationPerByte = 16, AllocationSlack = 512 << 10 };
        runner.Run(seed: 8_000_000, "case.gz",
            rng => Generate(rng, raws),
            path => DatasetRegistry.Verify(info, dir).Single(),
            _ => false,
            (result, _) =>
            {
                var s = (FileStatus)result!;
                if (s.State == FileState.Ok) return "verified against a hash no content has";
                return s.State is FileState.Malformed or FileState.Unreadable && string.IsNullOrEmpty(s.Detail) ? $"state {s.State} without a detail" : null;
            });
    }
}
