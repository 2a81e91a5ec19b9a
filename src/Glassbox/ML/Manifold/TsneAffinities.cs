using Glassbox.Kernels;

namespace Glassbox.ML.Manifold;

/// <summary>
/// The input similarities of t-SNE (van der Maaten &amp; Hinton 2008, §2–3): for each point a Gaussian
/// p_{j|i} ∝ exp(−β_i·d²_ij) whose precision β_i is found by bisection so that the entropy H(P_i) equals
/// log(perplexity); then the joint P = (P_cond + P_condᵀ) / Σ, which sums to 1 over all ordered pairs (the
/// "2N normalisation": each conditional row sums to 1, so Σ = 2N).
/// </summary>
/// <remarks>
/// Follows sklearn's <c>_binary_search_perplexity</c> step for step (β₀ = 1, doubling/halving until bracketed, then
/// bisection; entropy tolerance 1e-5, at most 100 steps, distances rounded to float32 first as sklearn does), so the
/// P matrices agree to ~1e-12.
/// </remarks>
internal static class TsneAffinities
{
    private const double EntropyTol = 1e-5;
    private const int MaxSteps = 100;
    internal const double MachineEpsilon = 2.220446049250313e-16; // np.finfo(np.double).eps

    /// <summary>
    /// Conditional probabilities for one row: <paramref name="d2"/> are squared distances to the candidate
    /// neighbours (self excluded); writes p (summing to 1) into <paramref name="p"/>.
    /// </summary>
    public static void ConditionalRow(ReadOnlySpan<double> d2, Span<double> p, double perplexity)
    {
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
        double desired = Math.Log(perplexity);
        for (int step = 0; step < MaxSteps; step++)
        {
            double sumP = 0;
            for (int j = 0; j < d2.Length; j++) { p[j] = Math.Exp(-d2[j] * beta); sumP += p[j]; }
            if (sumP == 0) sumP = 1e-8;
            double sumDP = 0;
            for (int j = 0; j < d2.Length; j++) { p[j] /= sumP; sumDP += d2[j] * p[j]; }
            double entropy = Math.Log(sumP) + beta * sumDP;
            double diff = entropy - desired;
            if (Math.Abs(diff) <= EntropyTol) break;
            if (diff > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    /// <summary>Squared Euclidean distances, n×n, of the n×f row-major x (rounded through float32 like sklearn).</summary>
    public static double[] SquaredDistances(double[] x, int n, int f)
    {
        var d = new double[n * n];
        Par.For(n, 16, (s, len) =>
        {
            for (int i = s; i < s + len; i++)
                for (int j = 0; j < n; j++)
                {
                    if (i == j) continue;
                    double v = 0;
                    for (int t = 0; t < f; t++) { double a = x[i * f + t] - x[j * f + t]; v += a * a; }
                    d[i * n + j] = (float)v;
                }
        });
        return d;
    }

    /// <summary>Dense joint P (n×n, zero diagonal, off-diagonal floored at machine ε) for the exact method.</summary>
    public static double[] JointDense(double[] d2, int n, double perplexity)
    {
        var c = new double[n * n];
        Par.For(n, 8, (s, len) =>
        {
            var row = new double[Math.Max(n - 1, 0)];
            var pr = new double[row.Length];
            for (int i = s; i < s + len; i++)
            {
                for (int j = 0, t = 0; j < n; j++) if (j != i) row[t++] = d2[i * n + j];
                ConditionalRow(row, pr, perplexity);
                for (int j = 0, t = 0; j < n; j++) if (j != i) c[i * n + j] = pr[t++];
            }
        });
        var p = new double[n * n];
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) { p[i * n + j] = c[i * n + j] + c[j * n + i]; sum += p[i * n + j]; }
        sum = Math.Max(sum, MachineEpsilon);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) p[i * n + j] = i == j ? 0 : Math.Max(p[i * n + j] / sum, MachineEpsilon);
        return p;
    }

    /// <summary>
    /// Sparse joint P for Barnes–Hut: conditional rows over each point's k exact nearest neighbours
    /// (k = min(n − 1, ⌊3·perplexity + 1⌋), brute force), symmetrised and normalised. CSR: rowStart (n+1), cols, vals.
    /// </summary>
    public static (int[] RowStart, int[] Cols, double[] Vals) JointSparse(double[] x, int n, int f, double perplexity)
    {
        int k = Math.Min(n - 1, (int)(3 * perplexity + 1));
        var nbr = new int[n * k];
        var nd = new double[n * k];
        Par.For(n, 8, (s, len) =>
        {
            var dist = new double[n];
            var idx = new int[n];
            var pr = new double[k];
            for (int i = s; i < s + len; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double v = 0;
                    for (int t = 0; t < f; t++) { double a = x[i * f + t] - x[j * f + t]; v += a * a; }
                    dist[j] = j == i ? double.PositiveInfinity : v;
                    idx[j] = j;
                }
                Array.Sort(dist, idx); // stable enough: ties broken by the sort; k ≪ n would allow a partial select
                for (int t = 0; t < k; t++) { nbr[i * k + t] = idx[t]; nd[i * k + t] = (float)dist[t]; }
                ConditionalRow(nd.AsSpan(i * k, k), pr, perplexity);
                pr.CopyTo(nd.AsSpan(i * k, k));
            }
        });
        // P + Pᵀ as a dictionary per row, then CSR
        var rows = new Dictionary<int, double>[n];
        for (int i = 0; i < n; i++) rows[i] = [];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++)
            {
                int j = nbr[i * k + t]; double v = nd[i * k + t];
                rows[i][j] = rows[i].GetValueOrDefault(j) + v;
                rows[j][i] = rows[j].GetValueOrDefault(i) + v;
            }
        double sum = 0;
        foreach (var r in rows) foreach (var v in r.Values) sum += v;
        sum = Math.Max(sum, MachineEpsilon);
        var start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + rows[i].Count;
        var cols = new int[start[n]]; var vals = new double[start[n]];
        for (int i = 0; i < n; i++)
        {
            int o = start[i];
            foreach (var (j, v) in rows[i].OrderBy(kv => kv.Key)) { cols[o] = j; vals[o] = v / sum; o++; }
        }
        return (start, cols, vals);
    }
}
