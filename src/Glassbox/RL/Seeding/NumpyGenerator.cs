using System.Security.Cryptography;

namespace Glassbox.RL.Seeding;

/// <summary>
/// <c>numpy.random.Generator(PCG64(SeedSequence(seed)))</c> — what <c>numpy.random.default_rng(seed)</c> and
/// Gymnasium's <c>gymnasium.utils.seeding.np_random(seed)</c> build — with the draw methods Gymnasium's
/// environments and spaces use, each reproducing NumPy's algorithm bit for bit.
/// </summary>
/// <remarks>
/// <para>Exact: <see cref="Random"/>, <see cref="Uniform"/>, <see cref="Integers"/>, <see cref="Choice{T}"/> and
/// <see cref="Categorical"/>. The seeded environments therefore start from the same state as Gymnasium's for the
/// same seed.</para>
/// <para>Not NumPy-exact: <see cref="StandardNormal"/> and <see cref="Normal"/>. NumPy draws normals with a 256-layer
/// ziggurat whose tables are not reproduced here; this class uses the Marsaglia polar method on the same PCG64
/// stream. The values are correctly distributed and seeded, but a NumPy program with the same seed draws different
/// numbers. No Gymnasium environment draws normals, so the environments stay exact.</para>
/// </remarks>
public sealed class NumpyGenerator
{
    private readonly Pcg64 bits;
    private double? spareNormal;

    /// <summary><c>numpy.random.default_rng(seed)</c>.</summary>
    public NumpyGenerator(ulong seed) : this(new Pcg64(new SeedSequence(seed))) { }

    /// <summary>A generator over an existing bit generator (shares its state).</summary>
    public NumpyGenerator(Pcg64 bitGenerator) => bits = bitGenerator ?? throw new ArgumentNullException(nameof(bitGenerator));

    /// <summary><c>default_rng()</c> with no seed: 128 bits of operating-system entropy, as NumPy does.</summary>
    public static NumpyGenerator FromEntropy()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        var words = new uint[4];
        for (int i = 0; i < 4; i++) words[i] = BitConverter.ToUInt32(b.Slice(4 * i, 4));
        return new NumpyGenerator(new Pcg64(new SeedSequence(words)));
    }

    /// <summary>The underlying bit generator.</summary>
    public Pcg64 BitGenerator => bits;

    /// <summary><c>random()</c>: a uniform double in [0, 1) with 53 random bits.</summary>
    public double Random() => bits.NextDouble();

    /// <summary>
    /// <c>uniform(low, high)</c> = <c>low + (high − low)·random()</c>. The width is rounded to double first, so
    /// (−0.6, −0.4) uses 0.19999999999999996, as NumPy does. The array forms of NumPy draw element by element in
    /// order, so they are repeated calls of this.
    /// </summary>
    public double Uniform(double low, double high)
    {
        double range = high - low;
        if (!double.IsFinite(range)) throw new OverflowException($"NumpyGenerator.Uniform: high - low overflows for low={low}, high={high}");
        return low + range * bits.NextDouble();
    }

    /// <summary>
    /// <c>integers(low, highExclusive)</c> (int64): Lemire's nearly-divisionless bounded draw. Ranges up to 2³² use
    /// 32-bit draws through the bit generator's one-slot buffer; wider ranges use 64-bit draws with a 128-bit product.
    /// A range of one value draws nothing.
    /// </summary>
    /// <exception cref="ArgumentException">when <paramref name="highExclusive"/> ≤ <paramref name="low"/>.</exception>
    public long Integers(long low, long highExclusive)
    {
        if (highExclusive <= low) throw new ArgumentException($"NumpyGenerator.Integers: low ({low}) must be below high ({highExclusive})", nameof(highExclusive));
        ulong rng = (ulong)(highExclusive - low) - 1;   // NumPy's inclusive range
        if (rng == 0) return low;
        if (rng <= uint.MaxValue)
        {
            if (rng == uint.MaxValue) return low + bits.NextUInt32();
            uint rngExcl = (uint)rng + 1;
            ulong m = (ulong)bits.NextUInt32() * rngExcl;
            uint leftover = (uint)m;
            if (leftover < rngExcl)
            {
                uint threshold = (uint.MaxValue - (uint)rng) % rngExcl;
                while (leftover < threshold)
                {
                    m = (ulong)bits.NextUInt32() * rngExcl;
                    leftover = (uint)m;
                }
            }
            return low + (long)(m >> 32);
        }
        if (rng == ulong.MaxValue) return low + (long)bits.NextUInt64();
        ulong excl = rng + 1;
        ulong hi = Math.BigMul(bits.NextUInt64(), excl, out ulong lo);
        if (lo < excl)
        {
            ulong threshold = (ulong.MaxValue - rng) % excl;
            while (lo < threshold) hi = Math.BigMul(bits.NextUInt64(), excl, out lo);
        }
        return low + (long)hi;
    }

    /// <summary><c>choice(items)</c>: <c>items[integers(0, len)]</c>.</summary>
    public T Choice<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException("NumpyGenerator.Choice: the list is empty", nameof(items));
        return items[(int)Integers(0, items.Count)];
    }

    /// <summary>
    /// Gymnasium toy-text's <c>categorical_sample</c>: draws <c>u = random()</c> and returns the first index whose
    /// running sum of <paramref name="probs"/> (added left to right in double, as <c>np.cumsum</c>) exceeds it; 0 if
    /// none does (NumPy's <c>argmax</c> of an all-false array).
    /// </summary>
    public int Categorical(ReadOnlySpan<double> probs)
    {
        double u = bits.NextDouble();
        double sum = 0;
        for (int i = 0; i < probs.Length; i++)
        {
            sum += probs[i];
            if (sum > u) return i;
        }
        return 0;
    }

    /// <summary>A standard normal draw (Marsaglia polar method; not NumPy's ziggurat stream — see the class remarks).</summary>
    public double StandardNormal()
    {
        if (spareNormal is double s)
        {
            spareNormal = null;
            return s;
        }
        double u, v, r2;
        do
        {
            u = 2 * bits.NextDouble() - 1;
            v = 2 * bits.NextDouble() - 1;
            r2 = u * u + v * v;
        } while (r2 >= 1 || r2 == 0);
        double f = Math.Sqrt(-2 * Math.Log(r2) / r2);
        spareNormal = v * f;
        return u * f;
    }

    /// <summary><c>loc + scale·z</c> with <c>z</c> from <see cref="StandardNormal"/>.</summary>
    public double Normal(double loc, double scale)
    {
        if (!(scale >= 0)) throw new ArgumentException($"NumpyGenerator.Normal: scale must be non-negative, got {scale}", nameof(scale));
        return loc + scale * StandardNormal();
    }
}
