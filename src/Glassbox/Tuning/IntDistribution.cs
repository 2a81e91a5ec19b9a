namespace Glassbox.Tuning;

/// <summary>
/// An integer parameter in [<see cref="Low"/>, <see cref="High"/>] on the grid low, low + step, … (Optuna's
/// <c>IntDistribution</c>, made by <see cref="Trial.SuggestInt"/>), optionally log-scaled (then step must be 1 and
/// low ≥ 1; the sampler works on ln x and rounds).
/// </summary>
/// <remarks>The upper end is moved down to the last grid point ≤ high, as Optuna does.</remarks>
public sealed record IntDistribution : Distribution
{
    /// <summary>Checks and creates the distribution.</summary>
    /// <exception cref="ArgumentException">low &gt; high, step &lt; 1, or log with low &lt; 1 or step ≠ 1.</exception>
    public IntDistribution(int low, int high, bool log = false, int step = 1)
    {
        if (low > high) throw new ArgumentException($"IntDistribution: low {low} > high {high}");
        if (step < 1) throw new ArgumentException($"IntDistribution: step must be ≥ 1, got {step}");
        if (log && low < 1) throw new ArgumentException($"IntDistribution: a log scale needs low ≥ 1, got {low}");
        if (log && step != 1) throw new ArgumentException($"IntDistribution: a log scale needs step 1, got {step}");
        Low = low; High = low + (int)(((long)high - low) / step * step); Log = log; Step = step;
    }

    /// <summary>Smallest value.</summary>
    public int Low { get; }

    /// <summary>Largest value (the last grid point ≤ the high given).</summary>
    public int High { get; }

    /// <summary>Sample on the log scale.</summary>
    public bool Log { get; }

    /// <summary>Grid spacing (1 = every integer).</summary>
    public int Step { get; }

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High && internalValue == Math.Round(internalValue) && ((long)internalValue - Low) % Step == 0;

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => (int)Math.Round(internalValue);

    /// <inheritdoc/>
    public override string ToJson() => $"{{\"type\":\"int\",\"low\":{Low},\"high\":{High},\"log\":{(Log ? "true" : "false")},\"step\":{Step}}}";
}
