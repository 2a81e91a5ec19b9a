using Glassbox.ML.Replay;

namespace Glassbox.ML.Ensemble;

/// <summary>
/// Maps every feature to at most <c>max_bins</c> ordered integer bins (sklearn's <c>_BinMapper</c>): with at most
/// max_bins distinct values the bin edges are the midpoints between consecutive distinct values, otherwise the
/// 1/max_bins … (max_bins−1)/max_bins quantiles (NumPy's "midpoint" percentile). bin(x) = #{edges &lt; x}, so
/// "bin ≤ b" is the same test as "x ≤ edge[b]" and trees fitted on bins predict on raw values.
/// </summary>
/// <remarks>Bins are stored feature-major as bytes (<c>Bins[f·N + i]</c>), so histogram building streams one column.
/// Missing values (NaN) are left out of the edges and get their own bin, <see cref="MissingBin"/>, after every real
/// bin (sklearn's <c>missing_values_bin_idx</c>); <see cref="HasMissing"/> records which features had any in training.</remarks>
internal sealed class HistBinner
{
    /// <summary>The bin of NaN: above every real bin (there are at most 255 of them), so "bin ≤ b" never holds for it.</summary>
    public const int MissingBin = 255;

    /// <summary>Bin edges of each feature (ascending; real bins = edges + 1).</summary>
    public readonly double[][] Edges;

    /// <summary>Whether each feature had a NaN in the training data.</summary>
    public readonly bool[] HasMissing;

    /// <summary>Known categories (ascending) of each categorical feature; null for a numeric one.</summary>
    public readonly double[]?[] Categories;

    /// <summary>Computes the edges from a row-major float64 matrix [n, p]; <paramref name="categories"/> gives the
    /// known categories of the categorical features (null entries, or null for none).</summary>
    public HistBinner(double[] x, int n, int p, int maxBins, double[]?[]? categories = null)
    {
        Edges = new double[p][];
        Categories = categories ?? new double[]?[p];
        HasMissing = new bool[p];
        Kernels.Par.For(p, 8, (a, len) =>
        {
            var buffer = new double[n];
            for (int f = a; f < a + len; f++)
            {
                int m = 0;
                for (int i = 0; i < n; i++)
                {
                    double v = x[i * p + f];
                    if (double.IsNaN(v)) HasMissing[f] = true;
                    else buffer[m++] = v;
                }
                if (Categories[f] is double[] cats)
                {
                    var ce = new double[Math.Max(cats.Length - 1, 0)];
                    for (int t = 0; t < ce.Length; t++) ce[t] = (cats[t] + cats[t + 1]) * 0.5;
                    Edges[f] = ce;
                    continue;
                }
                // the edges come from the observed values only (sklearn drops NaN before computing them)
                var col = buffer.AsSpan(0, m);
                col.Sort();
                int distinct = 0;
                for (int i = 0; i < m; i++) if (i == 0 || col[i] != col[i - 1]) distinct++;
                double[] e;
                if (distinct <= maxBins)
                {
                    var d = new double[distinct];
                    int j = 0;
                    for (int i = 0; i < m; i++) if (i == 0 || col[i] != col[i - 1]) d[j++] = col[i];
                    e = new double[Math.Max(distinct - 1, 0)];
                    for (int t = 0; t < e.Length; t++) e[t] = (d[t] + d[t + 1]) * 0.5;
                }
                else e = Quantiles.EvenMidpointPercentiles(col, maxBins);
                for (int t = 0; t < e.Length; t++) e[t] = Math.Min(e[t], double.MaxValue);
                Edges[f] = e;
            }
        });
    }

    /// <summary>Bins of the rows of a row-major matrix, feature-major bytes [p][n].</summary>
    public byte[] Transform(double[] x, int n, int p)
    {
        var bins = new byte[(long)n * p];
        Kernels.Par.For(p, 8, (a, len) =>
        {
            for (int f = a; f < a + len; f++)
            {
                var e = Edges[f];
                int o = f * n;
                for (int i = 0; i < n; i++)
                {
                    double v = x[i * p + f];
                    if (double.IsNaN(v)) { bins[o + i] = MissingBin; continue; }
                    int lo = 0, hi = e.Length;
                    while (lo < hi)
                    {
                        int mid = (lo + hi) >> 1;
                        if (v <= e[mid]) hi = mid; else lo = mid + 1;
                    }
                    bins[o + i] = (byte)lo;
                }
            }
        });
        return bins;
    }
}
