namespace Glassbox.ML.Metrics;

/// <summary>Cluster-quality metrics (<c>sklearn.metrics.silhouette_score</c>).</summary>
public static class Clustering
{
    /// <summary>
    /// Mean silhouette coefficient over all samples (<c>silhouette_score</c>, Euclidean). For sample i with mean
    /// distance a(i) to the other members of its cluster and smallest mean distance b(i) to the members of another
    /// cluster, s(i) = (b − a) / max(a, b); samples alone in their cluster score 0 (Rousseeuw, 1987).
    /// </summary>
    public static double SilhouetteScore(Tensor x, Tensor labels)
    {
        var xm = x.To(DType.Float64).ContiguousRaw();
        if (xm.NDim != 2) throw new ArgumentException($"SilhouetteScore: X must be 2-D, got shape {ShapeUtil.Format(xm.ShapeArray)}");
        int n = xm.Shape[0], p = xm.Shape[1];
        var (cls, idx) = Input.Encode(Input.Labels(labels, n, "SilhouetteScore"));
        int k = cls.Length;
        if (k < 2 || k > n - 1) throw new ArgumentException($"SilhouetteScore: number of labels is {k}; valid values are 2 to n_samples - 1 ({n - 1})");
        var a = Input.Raw(xm);
        var count = new int[k];
        foreach (var c in idx) count[c]++;
        var sil = new double[n];
        Kernels.Par.For(n, 16, (start, len) =>
        {
            var sums = new double[k];
            for (int i = start; i < start + len; i++)
            {
                Array.Clear(sums);
                var ri = a.AsSpan(i * p, p);
                for (int j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    var rj = a.AsSpan(j * p, p);
                    double d2 = 0;
                    for (int f = 0; f < p; f++) { double d = ri[f] - rj[f]; d2 += d * d; }
                    sums[idx[j]] += Math.Sqrt(d2);
                }
                int own = idx[i];
                if (count[own] <= 1) { sil[i] = 0; continue; }
                double ai = sums[own] / (count[own] - 1), bi = double.PositiveInfinity;
                for (int c = 0; c < k; c++) if (c != own) bi = Math.Min(bi, sums[c] / count[c]);
                double m = Math.Max(ai, bi);
                sil[i] = m == 0 ? 0 : (bi - ai) / m;
            }
        });
        return sil.Average();
    }
}
