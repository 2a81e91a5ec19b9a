using System.Numerics;

namespace Glassbox;

/// <summary>
/// A seeded pseudo-random generator (<c>torch.Generator</c>): xoshiro256** (Blackman &amp; Vigna, 2018),
/// seeded through SplitMix64. Every random op takes one explicitly or uses <see cref="Default"/>; the same
/// seed gives the same numbers on every run and every machine.
/// </summary>
/// <remarks>
/// The streams are Glassbox's own: seed 0 here does not give PyTorch's seed-0 numbers. Tests that need
/// PyTorch's exact inputs load them from fixtures instead.
/// </remarks>
public sealed class Generator
{
    private ulong s0, s1, s2, s3;
    private double? spareNormal;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed = 0) => ManualSeed(seed);

    /// <summary>The process-wide default generator used when an op is given none.</summary>
    public static Generator Default { get; } = new(0);

    /// <summary>Re-seeds the default generator (<c>torch.manual_seed</c>).</summary>
    public static void SetSeed(ulong seed) => Default.ManualSeed(seed);

    /// <summary>Re-seeds this generator (<c>generator.manual_seed</c>).</summary>
    public Generator ManualSeed(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
        spareNormal = null;
        return this;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, n), without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"NextLong: n must be positive, got {n}");
        ulong un = (ulong)n;
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * un;
        ulong low = (ulong)m;
        if (low < un)
        {
            ulong threshold = (0 - un) % un;
            while (low < threshold) { x = NextUInt64(); m = (UInt128)x * un; low = (ulong)m; }
        }
        return (long)(m >> 64);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)NextLong(n);

    /// <summary>Standard normal sample (Box–Muller: two uniforms give two independent normals).</summary>
    public double NextNormal()
    {
        if (spareNormal is double s) { spareNormal = null; return s; }
        double u1;
        do { u1 = NextDouble(); } while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The full internal state, for checkpoints (<c>generator.get_state()</c>).</summary>
    public ulong[] GetState() => [s0, s1, s2, s3, spareNormal is double v ? 1UL : 0UL, spareNormal is double w ? BitConverter.DoubleToUInt64Bits(w) : 0UL];

    /// <summary>Restores a state returned by <see cref="GetState"/> (<c>generator.set_state()</c>).</summary>
    public void SetState(ulong[] state)
    {
        if (state is null || state.Length != 6) throw new ArgumentException("SetState: expected the 6-word state returned by GetState");
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
        spareNormal = state[4] != 0 ? BitConverter.UInt64BitsToDouble(state[5]) : null;
    }
}
