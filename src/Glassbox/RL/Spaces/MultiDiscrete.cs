namespace Glassbox.RL.Spaces;

/// <summary>
/// A vector of independent discrete choices, coordinate i in <c>start[i] … start[i] + nvec[i] − 1</c> (Gymnasium's
/// <c>MultiDiscrete(nvec, start)</c>).
/// </summary>
/// <remarks><see cref="Sample"/> is Gymnasium's <c>(random(shape)·nvec).astype(int64) + start</c>: one
/// <c>random()</c> per coordinate, scaled and truncated toward zero — not <c>integers</c>, so the stream differs from
/// <see cref="Discrete"/>'s.</remarks>
public sealed class MultiDiscrete : Space<int[]>
{
    private readonly int[] nvec, start;

    /// <summary>Creates the space; every <c>nvec[i]</c> must be positive; <paramref name="start"/> defaults to zeros.</summary>
    public MultiDiscrete(int[] nvec, int[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(nvec);
        for (int i = 0; i < nvec.Length; i++)
            if (nvec[i] <= 0) throw new ArgumentOutOfRangeException(nameof(nvec), nvec[i], $"MultiDiscrete: nvec[{i}] must be positive, got {nvec[i]}");
        if (start is not null && start.Length != nvec.Length)
            throw new ArgumentException($"MultiDiscrete: start has {start.Length} entries but nvec has {nvec.Length}", nameof(start));
        this.nvec = (int[])nvec.Clone();
        this.start = start is null ? new int[nvec.Length] : (int[])start.Clone();
    }

    /// <summary>The number of choices per coordinate (a copy).</summary>
    public int[] Nvec => (int[])nvec.Clone();

    /// <summary>The smallest value per coordinate (a copy).</summary>
    public int[] Start => (int[])start.Clone();

    /// <inheritdoc/>
    public override int[] Sample()
    {
        var r = new int[nvec.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (int)(NpRandom.Random() * nvec[i]) + start[i];
        return r;
    }

    /// <inheritdoc/>
    public override bool Contains(int[] value)
    {
        if (value is null || value.Length != nvec.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (value[i] < start[i] || value[i] - start[i] >= nvec[i]) return false;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"MultiDiscrete([{string.Join(" ", nvec)}])";
}
