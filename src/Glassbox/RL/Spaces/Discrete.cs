namespace Glassbox.RL.Spaces;

/// <summary>The integers <c>start, start+1, …, start+n−1</c> (Gymnasium's <c>Discrete(n, start)</c>).</summary>
/// <remarks><see cref="Sample()"/> is <c>start + integers(0, n)</c> on the space's generator, exactly as Gymnasium.</remarks>
public sealed class Discrete : Space<int>
{
    /// <summary>Creates <c>Discrete(n, start)</c>; <paramref name="n"/> must be positive.</summary>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, $"Discrete: n must be positive, got {n}");
        N = n;
        Start = start;
    }

    /// <summary>Number of elements.</summary>
    public int N { get; }

    /// <summary>The smallest element.</summary>
    public int Start { get; }

    /// <inheritdoc/>
    public override int Sample() => Start + (int)NpRandom.Integers(0, N);

    /// <summary>
    /// A random element among those with <c>mask[i] != 0</c> (Gymnasium's <c>sample(mask)</c>: a uniform choice over
    /// the allowed indices in order); <see cref="Start"/> when none is allowed, as Gymnasium.
    /// </summary>
    public int Sample(ReadOnlySpan<int> mask)
    {
        if (mask.Length != N) throw new ArgumentException($"Discrete({N}).Sample: the mask has {mask.Length} entries, expected {N}", nameof(mask));
        int allowed = 0;
        foreach (int m in mask) if (m != 0) allowed++;
        if (allowed == 0) return Start;
        long k = NpRandom.Integers(0, allowed);
        for (int i = 0; i < N; i++)
            if (mask[i] != 0 && k-- == 0) return Start + i;
        throw new InvalidOperationException("unreachable");
    }

    /// <inheritdoc/>
    public override bool Contains(int value) => value >= Start && value - Start < N;

    /// <inheritdoc/>
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
