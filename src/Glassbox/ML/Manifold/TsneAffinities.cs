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

    /// <summary>Rows per DGEMM block of the neighbour search.</summary>
    private const int SearchBlock = 256;

    /// <summary>
    /// The k smallest of <paramref name="d"/> with their indices, ascending (ties: lower index first): a max-heap of the
    /// best k seen so far, then a sort of those k.
    /// </summary>
    internal static void SmallestK(ReadOnlySpan<double> d, int k, Span<int> idx, Span<double> dist)
    {
        // heap ordered by (distance, index) descending at the root, so the worst kept candidate is at idx[0]
        static bool Worse(double da, int ia, double db, int ib) => da > db || (da == db && ia > ib);
        int size = 0;
        for (int j = 0; j < d.Length; j++)
        {
            double v = d[j];
            if (size < k)
            {
                int c = size++;
                while (c > 0)
                {
                    int parent = (c - 1) / 2;
                    if (!Worse(v, j, dist[parent], idx[parent])) break;
                    dist[c] = dist[parent]; idx[c] = idx[parent]; c = parent;
                }
                dist[c] = v; idx[c] = j;
            }
            else if (Worse(dist[0], idx[0], v, j))
            {
                int c = 0;
                while (true)
                {
                    int l = 2 * c + 1;
                    if (l >= k) break;
                    int w = l + 1 < k && Worse(dist[l + 1], idx[l + 1], dist[l], idx[l]) ? l + 1 : l;
                    if (!Worse(dist[w], idx[w], v, j)) break;
                    dist[c] = dist[w]; idx[c] = idx[w]; c = w;
                }
                dist[c] = v; idx[c] = j;
            }
        }
        // heap → ascending by (distance, index)
        var keys = new (double D, int I)[size];
        for (int t = 0; t < size; t++) keys[t] = (dist[t], idx[t]);
        Array.Sort(keys);
        for (int t = 0; t < size; t++) { dist[t] = keys[t].D; idx[t] = keys[t].I; }
    }

    /// <summary>
    /// Sparse joint P for Barnes–Hut: conditional rows over each point's k exact nearest neighbours
    /// (k = min(n − 1, ⌊3·perplexity + 1⌋), brute force), symmetrised and normalised. CSR: rowStart (n+1), cols, vals.
    /// </summary>
    /// <remarks>
    /// The brute-force search is sklearn's: squared distances by the expansion ‖xᵢ‖² + ‖xⱼ‖² − 2xᵢ·xⱼ (clipped at 0),
    /// the cross terms one DGEMM per block of <see cref="SearchBlock"/> rows, and the k smallest of each row selected
    /// with a max-heap (O(n log k)) instead of sorting the whole row.
    /// </remarks>
    public static (int[] RowStart, int[] Cols, double[] Vals) JointSparse(double[] x, int n, int f, double perplexity)
    {
        int k = Math.Min(n - 1, (int)(3 * perplexity + 1));
        var nbr = new int[n * k];
        var nd = new double[n * k];
        var norms = ML.Cluster.KMeansMath.RowSquaredNorms(x, n, f);
        int blocks = (n + SearchBlock - 1) / SearchBlock;
        Par.For(blocks, 1, (b0, nb) =>
        {
            var gram = new double[SearchBlock * n];
            var pr = new double[k];
            for (int b = b0; b < b0 + nb; b++)
            {
                int r0 = b * SearchBlock, rows = Math.Min(SearchBlock, n - r0);
                // gram[r, j] = x_{r0+r} · x_j
                Gemm.Dgemm(gram, n, x.AsSpan(r0 * f, rows * f), f, false, x, f, true, rows, n, f);
                for (int r = 0; r < rows; r++)
                {
                    int i = r0 + r;
                    var g = gram.AsSpan(r * n, n);
                    for (int j = 0; j < n; j++) g[j] = j == i ? double.PositiveInfinity : Math.Max(0, norms[i] + norms[j] - 2 * g[j]);
                    SmallestK(g, k, nbr.AsSpan(i * k, k), nd.AsSpan(i * k, k));
                    for (int t = 0; t < k; t++) nd[i * k + t] = (float)nd[i * k + t];
                    ConditionalRow(nd.AsSpan(i * k, k), pr, perplexity);
                    pr.CopyTo(nd.AsSpan(i * k, k));
                }
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
