namespace Glassbox.ML.Replay;

/// <summary>
/// The two random streams scikit-learn's tree code draws from, reproduced bit for bit so that a seeded
/// Glassbox tree visits features in the same order as a seeded sklearn tree:
/// <list type="bullet">
/// <item><c>numpy.random.RandomState(seed)</c>: MT19937 (Matsumoto &amp; Nishimura, 1998) seeded by
/// <c>init_genrand</c>, and its legacy <c>randint(0, high)</c> (mask to the smallest covering power of two, reject
/// values above the range).</item>
/// <item>the splitter's <c>rand_r</c>-style xorshift (<c>sklearn.tree._utils.our_rand_r</c>) seeded with
/// <c>RandomState.randint(0, RAND_R_MAX)</c>, and <c>rand_int(low, high) = low + our_rand_r() % (high − low)</c>.</item>
/// </list>
/// </summary>
/// <remarks>Trees: only the feature-visit order depends on it; on data whose split improvements never tie, any order
/// gives the same tree. It is not used for bootstrap samples (those come from <see cref="Generator"/>). Gradient
/// boosting's subsample masks, KMeans' seedings and GaussianMixture's initialisations draw from it too, so seeded
/// fits start where sklearn's do.</remarks>
internal sealed class SklearnRandom
{
    private readonly uint[] mt = new uint[624];
    private int mti;

    /// <summary><c>RAND_R_MAX</c> = 2³¹ − 1, also <c>np.iinfo(np.int32).max</c>.</summary>
    public const uint RandRMax = 0x7FFFFFFF;

    /// <summary><c>np.random.RandomState(seed)</c>.</summary>
    public SklearnRandom(uint seed)
    {
        mt[0] = seed;
        for (int i = 1; i < 624; i++) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i;
        mti = 624;
    }

    /// <summary>MT19937's next 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (mti >= 624)
        {
            for (int k = 0; k < 624; k++)
            {
                uint y = (mt[k] & 0x80000000u) | (mt[(k + 1) % 624] & 0x7FFFFFFFu);
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908B0DFu : 0u);
            }
            mti = 0;
        }
        uint v = mt[mti++];
        v ^= v >> 11;
        v ^= (v << 7) & 0x9D2C5680u;
        v ^= (v << 15) & 0xEFC60000u;
        v ^= v >> 18;
        return v;
    }

    /// <summary>Legacy <c>RandomState.randint(0, high)</c> for 1 ≤ high ≤ 2³²: masked rejection sampling.</summary>
    public uint RandInt(ulong high)
    {
        ulong rng = high - 1;
        if (rng == 0) return 0;
        uint mask = (uint)rng;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint v;
        while ((v = NextUInt32() & mask) > rng) { }
        return v;
    }

    /// <summary>
    /// <c>RandomState.random_sample()</c> (also <c>uniform()</c> on [0, 1)): 53 random bits from two outputs,
    /// (a·2²⁶ + b) / 2⁵³ with a the top 27 bits of the first and b the top 26 of the second.
    /// </summary>
    public double RandomSample()
    {
        ulong a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>
    /// <c>RandomState.permutation(n)</c>: 0..n−1 shuffled by the legacy Fisher–Yates loop, i = n−1 down to 1 swapping
    /// with j = <c>random_interval(i)</c> (the masked draw of <see cref="RandInt(ulong)"/> on [0, i]).
    /// </summary>
    public int[] Permutation(int n)
    {
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)RandInt((ulong)i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }

    /// <summary><c>our_rand_r</c>: one xorshift step of the splitter's 32-bit state, reduced to [0, RAND_R_MAX].</summary>
    public static uint OurRandR(ref uint state)
    {
        if (state == 0) state = 1;
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state % (RandRMax + 1);
    }

    /// <summary><c>rand_int(low, high)</c> of sklearn.tree._utils: low + our_rand_r % (high − low).</summary>
    public static int RandInt(int low, int high, ref uint state) => low + (int)(OurRandR(ref state) % (uint)(high - low));
}
