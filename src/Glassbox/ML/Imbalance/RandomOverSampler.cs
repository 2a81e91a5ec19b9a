namespace Glassbox.ML.Imbalance;

/// <summary>
/// Over-sampling by duplicating random rows of the smaller classes (<c>imblearn.over_sampling.RandomOverSampler</c>):
/// each class to grow gets its learned count of rows drawn uniformly with replacement from its own rows, appended
/// after all the original rows.
/// </summary>
/// <remarks>The cheapest fix for imbalance and an exact one for weight-based learners: duplicating a row k times is,
/// in expectation, a sample weight of k. It adds no new information, so flexible models (deep trees) can memorise
/// the repeated rows; <see cref="Smote"/> interpolates new ones instead. Rows are copied as they are, NaN included (as
/// imbalanced-learn, which lets missing values through to a later imputer).</remarks>
public sealed class RandomOverSampler : Sampler<RandomOverSampler>
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="samplingStrategy">null for "auto" (every class up to the majority's count), or the ratio
    /// N_minority / N_majority wanted, in (0, 1], for two classes (<c>sampling_strategy</c>).</param>
    /// <param name="randomState">Seed of the draws; null for a fresh one per call (<c>random_state</c>).</param>
    public RandomOverSampler(double? samplingStrategy = null, int? randomState = null) : base(samplingStrategy, randomState) { }

    /// <inheritdoc/>
    private protected override bool OverSampling => true;

    /// <inheritdoc/>
    protected override bool AllowsNaN => true;

    /// <inheritdoc/>
    private protected override (double[] X, int[] Y) Resample(double[] x, int n, int p, int[] y, long[] counts, Generator rng)
    {
        var rows = Enumerable.Range(0, n).ToList();
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] <= 0) continue;
            var own = RowsOf(y, c);
            for (long j = 0; j < counts[c]; j++) rows.Add(own[rng.NextInt(own.Length)]);
        }
        return Gather(x, p, y, rows);
    }

    /// <summary>The listed rows of X and their classes.</summary>
    internal static (double[] X, int[] Y) Gather(double[] x, int p, int[] y, IReadOnlyList<int> rows)
    {
        var r = new double[rows.Count * p];
        var ry = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(x, rows[i] * p, r, i * p, p);
            ry[i] = y[rows[i]];
        }
        return (r, ry);
    }
}
