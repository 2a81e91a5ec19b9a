using Glassbox.ML.Options;

namespace Glassbox.ML.Imbalance;

/// <summary>
/// Synthetic Minority Over-sampling TEchnique (Chawla, Bowyer, Hall &amp; Kegelmeyer 2002;
/// <c>imblearn.over_sampling.SMOTE</c>): new rows of a class are drawn on the segments between its rows and their
/// nearest same-class neighbours.
/// </summary>
/// <remarks>
/// <para>
/// For a class to grow by m rows: find, for each of its rows, its <see cref="KNeighbors"/> nearest other rows of the
/// same class (Euclidean; ties by row order). Then m times: pick one (row, neighbour) pair uniformly among the
/// n_c·k pairs, draw λ uniform in [0, 1), and add x_row + λ·(x_neighbour − x_row). The new rows follow all the
/// original rows, class by class (imbalanced-learn's order and pair draw; the random stream is Glassbox's, not
/// NumPy's).
/// </para>
/// <para>
/// Why interpolate: duplicated rows (<see cref="RandomOverSampler"/>) let a flexible model draw tight boundaries
/// around the few minority points; points spread along the segments push it to a broader minority region. The price:
/// segments can cross into the majority class where classes interleave, and features that are categorical or
/// constrained (integers, one-hot columns) get in-between values. Neighbours are sought among the other rows of the
/// class (imbalanced-learn drops the first neighbour, which is the row itself unless it has a duplicate).
/// </para>
/// </remarks>
public sealed class Smote : Sampler<Smote>
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="samplingStrategy">null for "auto" (every class up to the majority's count), or the ratio
    /// N_minority / N_majority wanted, in (0, 1], for two classes (<c>sampling_strategy</c>).</param>
    /// <param name="randomState">Seed of the draws; null for a fresh one per call (<c>random_state</c>).</param>
    /// <param name="kNeighbors">Same-class neighbours each row may be paired with, ≥ 1 (<c>k_neighbors</c>).</param>
    public Smote(double? samplingStrategy = null, int? randomState = null, int kNeighbors = 5) : base(samplingStrategy, randomState) =>
        KNeighbors = kNeighbors;

    /// <summary>Neighbours per row (<c>k_neighbors</c>).</summary>
    public int KNeighbors { get; }

    /// <inheritdoc/>
    private protected override bool OverSampling => true;

    /// <inheritdoc/>
    private protected override ParamTable OwnConstraints => new() { { nameof(KNeighbors), Is.Int(1) } };

    /// <inheritdoc/>
    private protected override (double[] X, int[] Y) Resample(double[] x, int n, int p, int[] y, long[] counts, Generator rng)
    {
        var extra = new List<double>();
        var extraY = new List<int>();
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] <= 0) continue;
            var own = RowsOf(y, c);
            if (own.Length <= KNeighbors)
                throw new ArgumentException($"Smote.FitResample: class {Classes.ToArray<long>()[c]} has {own.Length} rows; KNeighbors = {KNeighbors} needs at least {KNeighbors + 1}");
            var nn = Neighbours(x, p, own, KNeighbors);
            for (long j = 0; j < counts[c]; j++)
            {
                int pick = rng.NextInt(own.Length * KNeighbors);
                int a = own[pick / KNeighbors], b = nn[pick / KNeighbors][pick % KNeighbors];
                double gap = rng.NextDouble();
                for (int f = 0; f < p; f++) extra.Add(x[a * p + f] + gap * (x[b * p + f] - x[a * p + f]));
                extraY.Add(c);
            }
        }
        var rx = new double[x.Length + extra.Count];
        Array.Copy(x, rx, x.Length);
        extra.CopyTo(rx, x.Length);
        return (rx, [.. y, .. extraY]);
    }

    /// <summary>For each of the <paramref name="rows"/>, its k nearest other rows among them (row numbers of X).</summary>
    private static int[][] Neighbours(double[] x, int p, int[] rows, int k)
    {
        int m = rows.Length;
        var result = new int[m][];
        var d = new double[m];
        var order = new int[m];
        for (int i = 0; i < m; i++)
        {
            var xi = x.AsSpan(rows[i] * p, p);
            for (int j = 0; j < m; j++)
            {
                d[j] = j == i ? double.PositiveInfinity : System.Numerics.Tensors.TensorPrimitives.Distance<double>(xi, x.AsSpan(rows[j] * p, p));
                order[j] = j;
            }
            // a stable sort on distance keeps row order among ties
            var sorted = order.OrderBy(j => d[j]).Take(k).Select(j => rows[j]).ToArray();
            result[i] = sorted;
        }
        return result;
    }
}
