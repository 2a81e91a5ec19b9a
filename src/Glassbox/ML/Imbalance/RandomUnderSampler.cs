using Glassbox.ML.Options;

namespace Glassbox.ML.Imbalance;

/// <summary>
/// Under-sampling by keeping a random subset of the larger classes (<c>imblearn.under_sampling.RandomUnderSampler</c>):
/// each class to shrink keeps its learned count of rows, drawn without replacement (or with, see
/// <see cref="Replacement"/>); the other classes keep all theirs.
/// </summary>
/// <remarks>It throws data away — fine when the majority class is large and redundant, costly when it is not — but it
/// is also the fastest way to fit on a balanced set. The kept rows come grouped by class in class order, each group in
/// the original row order (imbalanced-learn leaves a kept group in draw order; the set of rows is what matters).
/// Rows are copied as they are, NaN included.</remarks>
public sealed class RandomUnderSampler : Sampler<RandomUnderSampler>
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="samplingStrategy">null for "auto" (every class down to the minority's count), or the ratio
    /// N_minority / N_majority wanted, in (0, 1], for two classes (<c>sampling_strategy</c>).</param>
    /// <param name="randomState">Seed of the draws; null for a fresh one per call (<c>random_state</c>).</param>
    /// <param name="replacement">Draw the kept rows with replacement (<c>replacement</c>).</param>
    public RandomUnderSampler(double? samplingStrategy = null, int? randomState = null, bool replacement = false) : base(samplingStrategy, randomState) =>
        Replacement = replacement;

    /// <summary>Whether kept rows are drawn with replacement (<c>replacement</c>).</summary>
    public bool Replacement { get; }

    /// <inheritdoc/>
    private protected override bool OverSampling => false;

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    private protected override (double[] X, int[] Y) Resample(double[] x, int n, int p, int[] y, long[] counts, Generator rng)
    {
        var rows = new List<int>();
        for (int c = 0; c < counts.Length; c++)
        {
            var own = RowsOf(y, c);
            if (counts[c] < 0) { rows.AddRange(own); continue; }
            int keep = (int)counts[c];
            if (Replacement)
            {
                var drawn = new int[keep];
                for (int j = 0; j < keep; j++) drawn[j] = own[rng.NextInt(own.Length)];
                Array.Sort(drawn);
                rows.AddRange(drawn);
                continue;
            }
            // partial Fisher–Yates: the first `keep` slots become a uniform sample without replacement
            var pool = (int[])own.Clone();
            for (int j = 0; j < keep; j++)
            {
                int r = j + rng.NextInt(pool.Length - j);
                (pool[j], pool[r]) = (pool[r], pool[j]);
            }
            var kept = pool[..keep];
            Array.Sort(kept);
            rows.AddRange(kept);
        }
        return RandomOverSampler.Gather(x, p, y, rows);
    }
}
