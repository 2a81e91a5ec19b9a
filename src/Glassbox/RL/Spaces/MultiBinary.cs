namespace Glassbox.RL.Spaces;

/// <summary>Vectors of n bits, each 0 or 1 (Gymnasium's <c>MultiBinary(n)</c>, int8 there, int here).</summary>
/// <remarks>
/// <see cref="Sample"/> reproduces Gymnasium's <c>integers(0, 2, size=n, dtype=int8)</c>: NumPy draws 8-bit values
/// from a buffer local to the call, refilled with one 32-bit draw (itself through the bit generator's 32-bit buffer)
/// every four values, lowest byte first; Lemire's rule with range 2 keeps each byte's top bit.
/// </remarks>
public sealed class MultiBinary : Space<int[]>
{
    /// <summary>Creates the space of <paramref name="n"/> bits (n ≥ 1).</summary>
    public MultiBinary(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, $"MultiBinary: n must be positive, got {n}");
        N = n;
    }

    /// <summary>Number of bits.</summary>
    public int N { get; }

    /// <inheritdoc/>
    public override int[] Sample()
    {
        var r = new int[N];
        uint buf = 0;
        int left = 0;
        for (int i = 0; i < N; i++)
        {
            if (left == 0) { buf = NpRandom.BitGenerator.NextUInt32(); left = 3; }
            else { buf >>= 8; left--; }
            r[i] = ((byte)buf * 2) >> 8;
        }
        return r;
    }

    /// <inheritdoc/>
    public override bool Contains(int[] value)
    {
        if (value is null || value.Length != N) return false;
        foreach (int v in value) if (v != 0 && v != 1) return false;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"MultiBinary({N})";
}
