using System.Numerics.Tensors;
using Glassbox.Kernels;
using Glassbox.ML.Replay;

namespace Glassbox.ML.Cluster;

/// <summary>
/// The dense kernels shared by <see cref="KMeans"/> and <see cref="MiniBatchKMeans"/>: nearest-centre assignment,
/// centre sums, inertia, k-means++ seeding and sklearn's tolerance scaling. All matrices are row-major spans.
/// </summary>
/// <remarks>
/// Squared distances use the expansion ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖², as sklearn's <c>_k_means_lloyd</c> does; the
/// ‖x‖² term is the same for every centre, so assignment compares only ‖c‖² − 2x·c (ties: the lowest centre index,
/// strict &lt; as in sklearn). Inertia is then summed from the direct differences Σ(x − c)², which is exact for
/// points close to their centre where the expansion would cancel catastrophically.
/// </remarks>
internal static class KMeansMath
{
    /// <summary>Rows per parallel work item in the assignment step.</summary>
    private const int RowGrain = 256;

    /// <summary>‖xᵢ‖² for every row (<c>row_norms(X, squared=True)</c>).</summary>
    public static double[] RowSquaredNorms(ReadOnlySpan<double> x, int n, int d)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++) { var row = x.Slice(i * d, d); r[i] = TensorPrimitives.Dot(row, row); }
        return r;
    }

    /// <summary>
    /// labels[i] = argmin_j ‖c_j‖² − 2 xᵢ·c_j for rows of x [n, d] against centres [k, d]; rows run in parallel
    /// (each row's result depends only on that row, so the output is independent of the thread count).
    /// </summary>
    public static void Assign(int[] labels, double[] x, int n, int d, double[] centers, int k)
    {
        var cn = RowSquaredNorms(centers, k, d);
        Par.For(n, RowGrain, (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                labels[i] = Nearest(x.AsSpan(i * d, d), centers, cn, k);
            }
        });
    }

    /// <summary>argmin_j ‖c_j‖² − 2 row·c_j (lowest index on ties); <paramref name="cn"/> holds ‖c_j‖².</summary>
    public static int Nearest(ReadOnlySpan<double> row, double[] centers, double[] cn, int k)
    {
        int d = row.Length, best = 0;
        double bestD = cn[0] - 2 * TensorPrimitives.Dot(row, centers.AsSpan(0, d));
        for (int j = 1; j < k; j++)
        {
            double dj = cn[j] - 2 * TensorPrimitives.Dot(row, centers.AsSpan(j * d, d));
            if (dj < bestD) { bestD = dj; best = j; }
        }
        return best;
    }

    /// <summary>Σᵢ wᵢ‖xᵢ − c_{labels[i]}‖² (wᵢ = 1 when <paramref name="w"/> is null), summed in row order
    /// (<c>_inertia_dense</c>).</summary>
    public static double Inertia(double[] x, int n, int d, double[] centers, int[] labels, double[]? w = null)
    {
        var part = new double[n];
        Par.For(n, RowGrain, (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                part[i] = SquaredDistance(x.AsSpan(i * d, d), centers.AsSpan(labels[i] * d, d));
                if (w is not null) part[i] *= w[i];
            }
        });
        double s = 0;
        foreach (var v in part) s += v;
        return s;
    }

    /// <summary>‖a − b‖² by direct differences.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) { double t = a[j] - b[j]; s += t * t; }
        return s;
    }

    /// <summary>
    /// sklearn's <c>_tolerance</c>: tol scaled by the mean per-feature variance, so the stopping rule on the squared
    /// centre shift does not depend on the data's units.
    /// </summary>
    public static double ScaledTolerance(double[] x, int n, int d, double tol)
    {
        if (tol == 0 || n == 0) return 0;
        var mean = new double[d];
        for (int i = 0; i < n; i++) TensorPrimitives.Add(mean, x.AsSpan(i * d, d), mean);
        TensorPrimitives.Multiply(mean, 1.0 / n, mean);
        double v = 0;
        for (int j = 0; j < d; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) { double t = x[i * d + j] - mean[j]; s += t * t; }
            v += s / n;
        }
        return v / d * tol;
    }

    /// <summary>
    /// Greedy k-means++ seeding (Arthur &amp; Vassilvitskii 2007, with sklearn's greedy variant
    /// <c>_kmeans_plusplus</c>): the first centre is a uniform sample; each next centre is the best, by resulting
    /// potential Σ min_j d²(x, c_j), of 2 + ⌊ln k⌋ candidates drawn with probability ∝ d²(x, nearest centre).
    /// </summary>
    /// <remarks>
    /// The draws, in sklearn's order: <paramref name="randInt"/>(n) for the first centre, then per further centre
    /// 2 + ⌊ln k⌋ calls of <paramref name="uniform"/>, each scaled by the current potential. Fed from
    /// <see cref="SklearnRandom"/> (NumPy's MT19937 <c>RandomState</c>) this picks sklearn's points for the same
    /// seed.
    /// </remarks>
    public static double[] KMeansPlusPlus(double[] x, int n, int d, int k, double[] xNorms, Func<int, int> randInt, Func<double> uniform)
    {
        var centers = new double[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = randInt(n);
        x.AsSpan(first * d, d).CopyTo(centers);
        var closest = new double[n];
        DistancesTo([closest], x, n, d, xNorms, [first]);
        double pot = Sum(closest);
        var cand = new int[trials];
        var candDist = new double[trials][];
        for (int t = 0; t < trials; t++) candDist[t] = new double[n];
        var cum = new double[n];
        for (int c = 1; c < k; c++)
        {
            double acc = 0;
            for (int i = 0; i < n; i++) { acc += closest[i]; cum[i] = acc; }
            for (int t = 0; t < trials; t++)
            {
                double r = uniform() * pot;
                // np.searchsorted(cumsum, r) (side="left"): first index with cum[i] ≥ r, clipped to n − 1
                int lo = 0, hi = n;
                while (lo < hi) { int mid = (lo + hi) >>> 1; if (cum[mid] < r) lo = mid + 1; else hi = mid; }
                cand[t] = Math.Min(lo, n - 1);
            }
            int best = -1;
            double bestPot = double.PositiveInfinity;
            DistancesTo(candDist, x, n, d, xNorms, cand);
            for (int t = 0; t < trials; t++)
            {
                var dist = candDist[t];
                TensorPrimitives.Min(dist, closest, dist);
                double p = Sum(dist);
                if (p < bestPot) { bestPot = p; best = t; }
            }
            pot = bestPot;
            candDist[best].AsSpan().CopyTo(closest);
            x.AsSpan(cand[best] * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    /// <summary>
    /// output[t][i] = d²(xᵢ, x_{centers[t]}) = ‖xᵢ‖² − 2xᵢ·x_c + ‖x_c‖², clipped at 0 (<c>_euclidean_distances(squared=True)</c>),
    /// for all candidate centres in one pass over X: X is far larger than the cache at the sizes that matter
    /// (60k × 784 doubles = 376 MB), so reading it once for all 2 + ⌊ln k⌋ candidates, as sklearn's single GEMM does,
    /// instead of once per candidate, is what counts.
    /// </summary>
    private static void DistancesTo(double[][] output, double[] x, int n, int d, double[] xNorms, int[] centers)
    {
        int t = centers.Length;
        var c = new double[t][];
        for (int j = 0; j < t; j++) c[j] = x.AsSpan(centers[j] * d, d).ToArray();
        Par.For(n, RowGrain * 4, (start, len) =>
        {
            for (int i = start; i < start + len; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (int j = 0; j < t; j++)
                    output[j][i] = Math.Max(0, xNorms[i] - 2 * TensorPrimitives.Dot(row, c[j]) + xNorms[centers[j]]);
            }
        });
        for (int j = 0; j < t; j++) output[j][centers[j]] = 0;
    }

    private static double Sum(double[] v)
    {
        double s = 0;
        foreach (var t in v) s += t;
        return s;
    }

    /// <summary>k-means++ seeding drawing from Glassbox's <see cref="Generator"/> (MiniBatchKMeans).</summary>
    public static double[] KMeansPlusPlus(double[] x, int n, int d, int k, double[] xNorms, Generator rng) =>
        KMeansPlusPlus(x, n, d, k, xNorms, rng.NextInt, rng.NextDouble);

    /// <summary>The given rows of x [n, d] as centres [rows.Length, d].</summary>
    public static double[] Rows(double[] x, int d, ReadOnlySpan<int> rows)
    {
        var centers = new double[rows.Length * d];
        for (int c = 0; c < rows.Length; c++) x.AsSpan(rows[c] * d, d).CopyTo(centers.AsSpan(c * d, d));
        return centers;
    }

    /// <summary>k centres drawn uniformly without replacement from the rows (init="random").</summary>
    public static double[] RandomRows(double[] x, int n, int d, int k, Generator rng)
    {
        var idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        var centers = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            int j = c + rng.NextInt(n - c);
            (idx[c], idx[j]) = (idx[j], idx[c]);
            x.AsSpan(idx[c] * d, d).CopyTo(centers.AsSpan(c * d, d));
        }
        return centers;
    }

    /// <summary>
    /// True when two labelings are the same partition up to renaming (<c>_is_same_clustering</c>): the best-of-n_init
    /// rule keeps the earlier run in that case, so a permuted copy of the same solution does not replace it.
    /// </summary>
    public static bool SameClustering(int[] a, int[] b, int k)
    {
        var map = new int[k];
        Array.Fill(map, -1);
        for (int i = 0; i < a.Length; i++)
        {
            if (map[a[i]] == -1) map[a[i]] = b[i];
            else if (map[a[i]] != b[i]) return false;
        }
        return true;
    }

    /// <summary>Euclidean distances [n, k] of every row to every centre (<c>euclidean_distances</c>, used by Transform).</summary>
    public static double[] Distances(double[] x, int n, int d, double[] centers, int k)
    {
        var xn = RowSquaredNorms(x, n, d);
        var cn = RowSquaredNorms(centers, k, d);
        var r = new double[n * k];
        Par.For(n, RowGrain, (start, len) =>
        {
            for (int i = start; i < start + len; i++)
                for (int j = 0; j < k; j++)
                {
                    double s = xn[i] - 2 * TensorPrimitives.Dot(x.AsSpan(i * d, d), centers.AsSpan(j * d, d)) + cn[j];
                    r[i * k + j] = Math.Sqrt(Math.Max(0, s));
                }
        });
        return r;
    }
}
