namespace Glassbox.RL;

/// <summary>
/// Running per-coordinate mean and variance of a stream, merged batch by batch with Chan et al.'s parallel rule
/// (Gymnasium's <c>RunningMeanStd</c>): for a batch of n values with mean m_b and population variance v_b,
/// <c>δ = m_b − μ</c>, <c>N' = N + n</c>, <c>μ' = μ + δ·n/N'</c>,
/// <c>σ²' = (σ²·N + v_b·n + δ²·N·n/N') / N'</c>.
/// </summary>
/// <remarks>Starts as Gymnasium's: μ = 0, σ² = 1, and a pseudo-count N = 1e-4, so the first real sample dominates at
/// once without a division by zero. Kept in double (Gymnasium keeps the observation statistics in the observation
/// dtype, float32; the difference is rounding-level).</remarks>
public sealed class RunningMeanStd
{
    private readonly double[] mean, var;

    /// <summary>Statistics of <paramref name="size"/> coordinates.</summary>
    public RunningMeanStd(int size, double initialCount = 1e-4)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"RunningMeanStd: size must be at least 1, got {size}");
        mean = new double[size];
        var = new double[size];
        Array.Fill(var, 1.0);
        Count = initialCount;
    }

    /// <summary>The running mean (live view; do not modify).</summary>
    public ReadOnlySpan<double> Mean => mean;

    /// <summary>The running population variance (live view; do not modify).</summary>
    public ReadOnlySpan<double> Var => var;

    /// <summary>The (pseudo-)count of samples merged so far.</summary>
    public double Count { get; private set; }

    /// <summary>Merges one sample (a batch of one: its variance is 0).</summary>
    public void Update(ReadOnlySpan<float> x)
    {
        Span<double> d = x.Length <= 64 ? stackalloc double[x.Length] : new double[x.Length];
        for (int i = 0; i < x.Length; i++) d[i] = x[i];
        Update(d);
    }

    /// <summary>Merges one sample (a batch of one: its variance is 0).</summary>
    public void Update(ReadOnlySpan<double> x)
    {
        if (x.Length != mean.Length) throw new ArgumentException($"RunningMeanStd.Update: sample has {x.Length} values, expected {mean.Length}", nameof(x));
        double n = 1, tot = Count + n;
        for (int i = 0; i < mean.Length; i++)
        {
            double delta = x[i] - mean[i];
            double m2 = var[i] * Count + delta * delta * Count * n / tot;   // the batch of one adds no variance of its own
            mean[i] += delta * n / tot;
            var[i] = m2 / tot;
        }
        Count = tot;
    }
}
