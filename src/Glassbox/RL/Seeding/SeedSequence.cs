namespace Glassbox.RL.Seeding;

/// <summary>
/// NumPy's <c>numpy.random.SeedSequence</c> (O'Neill's seed_seq design): turns a seed of any size into well-mixed
/// state words for a bit generator, so that nearby seeds (0, 1, 2, ...) still give unrelated streams.
/// </summary>
/// <remarks>
/// <para>The seed is split into 32-bit words, least significant first (seed 0 is the single word 0). A four-word
/// pool is filled by hashing each word (or 0 where the seed is shorter) with a running multiplier
/// <c>h</c> (start <c>0x43B0D7E5</c>, step ×<c>0x931E8875</c>): <c>v ^= h; h *= A; v *= h; v ^= v ≫ 16</c>. Every
/// pool word is then mixed with the hash of every other, in source-then-destination order, through
/// <c>mix(x, y) = (0xCA01F9DD·x − 0x4973F715·y) ^ (… ≫ 16)</c>; seed words beyond the fourth are mixed into every
/// pool word the same way.</para>
/// <para><see cref="GenerateState"/> hashes the pool cyclically with a second multiplier chain (start
/// <c>0x8B51F9DD</c>, step ×<c>0x58F38DED</c>). All arithmetic wraps modulo 2³², exactly as NumPy's uint32 code;
/// the running multipliers are state, so the order of every call matters.</para>
/// <para>Spawn keys (<c>SeedSequence.spawn</c>) are not supported: Gymnasium seeds environments without them.</para>
/// </remarks>
public sealed class SeedSequence
{
    private const uint InitA = 0x43B0D7E5, MultA = 0x931E8875, InitB = 0x8B51F9DD, MultB = 0x58F38DED;
    private const uint MixMultL = 0xCA01F9DD, MixMultR = 0x4973F715;
    private const int PoolSize = 4;
    private readonly uint[] pool = new uint[PoolSize];

    /// <summary>A sequence seeded with a non-negative integer, split into 32-bit words least significant first.</summary>
    public SeedSequence(ulong entropy)
        : this(entropy >> 32 == 0 ? [(uint)entropy] : [(uint)entropy, (uint)(entropy >> 32)]) { }

    /// <summary>A sequence seeded with the 32-bit words of a (possibly large) integer, least significant first.</summary>
    public SeedSequence(ReadOnlySpan<uint> words)
    {
        uint h = InitA;
        uint Hash(uint v)
        {
            v ^= h; h *= MultA; v *= h; v ^= v >> 16;
            return v;
        }
        static uint Mix(uint x, uint y)
        {
            uint r = MixMultL * x - MixMultR * y;
            return r ^ (r >> 16);
        }
        for (int i = 0; i < PoolSize; i++) pool[i] = Hash(i < words.Length ? words[i] : 0u);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], Hash(pool[src]));
        for (int src = PoolSize; src < words.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                pool[dst] = Mix(pool[dst], Hash(words[src]));
    }

    /// <summary>The mixed entropy pool (four words), as NumPy's <c>SeedSequence.pool</c>.</summary>
    public uint[] Pool => (uint[])pool.Clone();

    /// <summary><c>generate_state(nWords32, uint32)</c>: <paramref name="nWords32"/> hashed pool words.</summary>
    /// <remarks>NumPy's <c>generate_state(n, uint64)</c> is this with 2n words, word 2k the low half of 64-bit word k.</remarks>
    public uint[] GenerateState(int nWords32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nWords32);
        var state = new uint[nWords32];
        uint g = InitB;
        for (int i = 0; i < nWords32; i++)
        {
            uint v = pool[i % PoolSize];
            v ^= g; g *= MultB; v *= g; v ^= v >> 16;
            state[i] = v;
        }
        return state;
    }

    /// <summary><c>generate_state(n, uint64)</c>: pairs of 32-bit words joined low half first.</summary>
    public ulong[] GenerateState64(int nWords64)
    {
        var w = GenerateState(2 * nWords64);
        var r = new ulong[nWords64];
        for (int k = 0; k < nWords64; k++) r[k] = w[2 * k] | (ulong)w[2 * k + 1] << 32;
        return r;
    }
}
