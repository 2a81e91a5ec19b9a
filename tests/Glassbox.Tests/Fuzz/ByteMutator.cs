using System.Buffers.Binary;

namespace Glassbox.Tests.Fuzz;

/// <summary>
/// Format-agnostic byte mutations for fuzzing file readers: bit flips, byte overwrites (0x00, 0xFF, random),
/// insertions, deletions, truncation, duplication, splices from a donor input, and overwrites with boundary
/// integers (0, ±1, int/long extremes, powers of two) in either byte order. Deterministic for a given
/// <see cref="Random"/>; <see cref="Mutate"/> returns a description so a failing case can be reproduced by hand.
/// </summary>
public static class ByteMutator
{
    /// <summary>Integers that most often break size arithmetic and bounds checks.</summary>
    public static readonly long[] BoundaryIntegers =
    [
        0, 1, -1, 2, 7, 8, 255, 256, 0x7F, 0x80, 0xFFFF, 0x10000, int.MaxValue, int.MinValue, (long)int.MaxValue + 1,
        uint.MaxValue, 1L << 30, 1L << 31, 1L << 32, 1L << 40, long.MaxValue, long.MinValue, -8, 100_000_000, 100_000_001,
    ];

    /// <summary>
    /// Applies 1–3 random mutations to a copy of <paramref name="input"/>; <paramref name="donor"/> (optional)
    /// feeds splices. Returns the mutated bytes and a short description of what was done.
    /// </summary>
    public static (byte[] Bytes, string What) Mutate(Random rng, byte[] input, byte[]? donor = null)
    {
        var data = new List<byte>(input);
        var what = new List<string>();
        int count = 1 + rng.Next(3);
        for (int m = 0; m < count; m++) what.Add(MutateOnce(rng, data, donor));
        return (data.ToArray(), string.Join("; ", what));
    }

    private static string MutateOnce(Random rng, List<byte> d, byte[]? donor)
    {
        int pos = d.Count == 0 ? 0 : rng.Next(d.Count);
        switch (rng.Next(donor is null ? 9 : 10))
        {
            case 0:
                if (d.Count == 0) goto case 3;
                int bit = rng.Next(8);
                d[pos] ^= (byte)(1 << bit);
                return $"flip bit {bit} of byte {pos}";
            case 1:
                if (d.Count == 0) goto case 3;
                byte v = (rng.Next(3)) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)rng.Next(256) };
                d[pos] = v;
                return $"set byte {pos} to 0x{v:X2}";
            case 2:
            {
                int len = 1 + rng.Next(Math.Min(16, d.Count + 1));
                int at = d.Count == 0 ? 0 : Math.Min(pos, d.Count - 1);
                int n = Math.Min(len, d.Count - at);
                if (n <= 0) goto case 3;
                d.RemoveRange(at, n);
                return $"delete {n} bytes at {at}";
            }
            case 3:
            {
                int len = 1 + rng.Next(16);
                var bytes = new byte[len];
                rng.NextBytes(bytes);
                int at = d.Count == 0 ? 0 : rng.Next(d.Count + 1);
                d.InsertRange(at, bytes);
                return $"insert {len} random bytes at {at}";
            }
            case 4:
            {
                int keep = d.Count == 0 ? 0 : rng.Next(d.Count);
                d.RemoveRange(keep, d.Count - keep);
                return $"truncate to {keep} bytes";
            }
            case 5:
            {
                if (d.Count == 0) goto case 3;
                int len = 1 + rng.Next(Math.Min(64, d.Count));
                int from = rng.Next(d.Count - len + 1);
                var chunk = d.GetRange(from, len);
                int at = rng.Next(d.Count + 1);
                d.InsertRange(at, chunk);
                return $"duplicate {len} bytes from {from} at {at}";
            }
            case 6:
            case 7:
            {
                long value = BoundaryIntegers[rng.Next(BoundaryIntegers.Length)] + (rng.Next(4) == 0 ? rng.Next(-2, 3) : 0);
                int width = rng.Next(2) == 0 ? 4 : 8;
                bool big = rng.Next(2) == 0;
                if (d.Count < width) goto case 3;
                int at = rng.Next(d.Count - width + 1);
                var buf = new byte[width];
                if (width == 4)
                {
                    if (big) BinaryPrimitives.WriteInt32BigEndian(buf, unchecked((int)value));
                    else BinaryPrimitives.WriteInt32LittleEndian(buf, unchecked((int)value));
                }
                else if (big) BinaryPrimitives.WriteInt64BigEndian(buf, value);
                else BinaryPrimitives.WriteInt64LittleEndian(buf, value);
                for (int i = 0; i < width; i++) d[at + i] = buf[i];
                return $"write {value} as {width}-byte {(big ? "big" : "little")}-endian at {at}";
            }
            case 8:
            {
                int len = 1 + rng.Next(32);
                byte fill = rng.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                int at = d.Count == 0 ? 0 : rng.Next(d.Count + 1);
                d.InsertRange(at, Enumerable.Repeat(fill, len));
                return $"insert {len} × 0x{fill:X2} at {at}";
            }
            default:
            {
                // Splice: keep a prefix of the input, continue with a suffix of the donor.
                int cut = d.Count == 0 ? 0 : rng.Next(d.Count + 1);
                int from = rng.Next(donor!.Length + 1);
                d.RemoveRange(cut, d.Count - cut);
                d.AddRange(donor.AsSpan(from).ToArray());
                return $"splice at {cut} with donor bytes from {from}";
            }
        }
    }
}
