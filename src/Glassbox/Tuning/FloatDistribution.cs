namespace Glassbox.Tuning;

/// <summary>
/// A real parameter in [<see cref="Low"/>, <see cref="High"/>] (Optuna's <c>FloatDistribution</c>, made by
/// <see cref="Trial.SuggestFloat"/>): uniform, log-uniform (<see cref="Log"/>: the sampler works on ln x, so each
/// decade gets the same share — the natural scale for learning rates and regularisation strengths), or on the grid
/// low, low + step, … (<see cref="Step"/>).
/// </summary>
/// <remarks>As in Optuna, <see cref="Log"/> and <see cref="Step"/> exclude each other, and with a step the upper end
/// is moved down to the last grid point ≤ high.</remarks>
public sealed record FloatDistribution : Distribution
{
    /// <summary>Checks and creates the distribution.</summary>
    /// <exception cref="ArgumentException">low &gt; high, a non-finite bound, log with low ≤ 0, a step ≤ 0, or log together with a step.</exception>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high)) throw new ArgumentException($"FloatDistribution: bounds must be finite, got [{low}, {high}]");
        if (low > high) throw new ArgumentException($"FloatDistribution: low {low} > high {high}");
        if (log && low <= 0) throw new ArgumentException($"FloatDistribution: a log scale needs low > 0, got {low}");
        if (log && step is not null) throw new ArgumentException("FloatDistribution: log and step cannot be used together");
        if (step is double s)
        {
            if (!(s > 0) || !double.IsFinite(s)) throw new ArgumentException($"FloatDistribution: step must be > 0, got {s}");
            high = low + Math.Floor((high - low) / s + 1e-9) * s;
        }
        Low = low; High = high; Log = log; Step = step;
    }

    /// <summary>Smallest value.</summary>
    public double Low { get; }

    /// <summary>Largest value (the last grid point when <see cref="Step"/> is set).</summary>
    public double High { get; }

    /// <summary>Sample on the log scale.</summary>
    public bool Log { get; }

    /// <summary>Grid spacing, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= Low && internalValue <= High
        && (Step is not double s || Math.Abs((internalValue - Low) / s - Math.Round((internalValue - Low) / s)) < 1e-8);

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => internalValue;

    /// <inheritdoc/>
    public override string ToJson() =>
        $"{{\"type\":\"float\",\"low\":{Num(Low)},\"high\":{Num(High)},\"log\":{(Log ? "true" : "false")}{(Step is double s ? $",\"step\":{Num(s)}" : "")}}}";
}
