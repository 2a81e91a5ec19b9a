using System.Numerics;

namespace Glassbox.RL.Seeding;

/// <summary>
/// NumPy's <c>PCG64</c> bit generator: O'Neill's PCG-XSL-RR 128/64, a 128-bit linear congruential generator whose
/// 64-bit output is the xor of the state's halves rotated right by the state's top six bits.
/// </summary>
/// <remarks>
/// <para>Seeding (as NumPy's <c>pcg64_set_seed</c>): the seed sequence gives four 64-bit words w0..w3;
/// <c>initstate = w0·2⁶⁴ + w1</c>, <c>initseq = w2·2⁶⁴ + w3</c>, <c>inc = 2·initseq + 1</c>; then
/// <c>state = 0</c>, one LCG step, <c>state += initstate</c>, another step. Each output advances first
/// (<c>state = state·M + inc</c>) and then permutes the new state.</para>
/// <para>The 32-bit buffer matters for exactness: NumPy's <c>next_uint32</c> takes a fresh 64-bit output, returns
/// its low half and keeps the high half for the next 32-bit request. 64-bit draws neither use nor clear it. A
/// port that drew a new 64-bit word per 32-bit request would agree with NumPy only on the first integer.</para>
/// </remarks>
public sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);
    private UInt128 state;
    private readonly UInt128 increment;
    private bool hasUInt32;
    private uint bufferedUInt32;

    /// <summary>Seeds from <paramref name="seq"/> exactly as <c>numpy.random.PCG64(seq)</c>.</summary>
    public Pcg64(SeedSequence seq)
    {
        ArgumentNullException.ThrowIfNull(seq);
        var w = seq.GenerateState64(4);
        var initState = new UInt128(w[0], w[1]);
        var initSeq = new UInt128(w[2], w[3]);
        increment = (initSeq << 1) | UInt128.One;
        state = UInt128.Zero;
        Step();
        state += initState;
        Step();
    }

    /// <summary>The 128-bit LCG state (before the next output).</summary>
    public UInt128 State => state;

    /// <summary>The 128-bit LCG increment (always odd).</summary>
    public UInt128 Increment => increment;

    private void Step() => state = state * Multiplier + increment;

    /// <summary>The next 64-bit output.</summary>
    public ulong NextUInt64()
    {
        Step();
        ulong hi = (ulong)(state >> 64), lo = (ulong)state;
        int rot = (int)(hi >> 58);
        return BitOperations.RotateRight(hi ^ lo, rot);
    }

    /// <summary>The next 32-bit output through NumPy's one-slot buffer: the low half of a fresh 64-bit output, then its high half.</summary>
    public uint NextUInt32()
    {
        if (hasUInt32)
        {
            hasUInt32 = false;
            return bufferedUInt32;
        }
        ulong next = NextUInt64();
        hasUInt32 = true;
        bufferedUInt32 = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits of a 64-bit output times 2⁻⁵³ (<c>next_double</c>).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
}
