using System.Numerics.Tensors;

namespace Glassbox.ML.Cluster;

/// <summary>
/// One run of Lloyd's k-means from given centres (sklearn 1.2's <c>_kmeans_single_lloyd</c> with
/// <c>lloyd_iter_chunked_dense</c>).
/// </summary>
internal static class Lloyd
{
    /// <summary>
    /// Iterates assignment + update from <paramref name="init"/> [k, d] (not modified) until the labels repeat, the
    /// squared centre shift Σ‖Δc‖² ≤ <paramref name="tol"/> (already scaled), or <paramref name="maxIter"/> iterations.
    /// Returns the labels, centres, inertia and the iteration count (sklearn's <c>n_iter_</c> = i + 1).
    /// </summary>
    public static (int[] Labels, double[] Centers, double Inertia, int NIter) Run(double[] x, int n, int d, double[] init, int k, int maxIter, double tol)
    {
        var centers = init.ToArray();
        var centersNew = new double[k * d];
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        bool strict = false;
        int i = 0;
        for (; i < maxIter; i++)
        {
            KMeansMath.Assign(labels, x, n, d, centers, k);
            double shift = Update(centersNew, x, n, d, centers, k, labels);
            (centers, centersNew) = (centersNew, centers);
            if (labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            if (shift <= tol) break;
            labels.AsSpan().CopyTo(labelsOld);
        }
        if (i == maxIter) i = maxIter - 1;
        // without strict convergence the last update moved the centres after the labels were computed: re-assign so
        // labels_ are those of cluster_centers_
        if (!strict) KMeansMath.Assign(labels, x, n, d, centers, k);
        return (labels, centers, KMeansMath.Inertia(x, n, d, centers, labels), i + 1);
    }

    /// <summary>
    /// centersNew_j = mean of the rows labelled j, relocating empty clusters first; returns Σ_j ‖new_j − old_j‖².
    /// Sums are accumulated serially in row order, so the result does not depend on the thread count.
    /// </summary>
    public static double Update(double[] centersNew, double[] x, int n, int d, double[] centersOld, int k, int[] labels)
    {
        Array.Clear(centersNew);
        var weight = new double[k];
        for (int i = 0; i < n; i++)
        {
            int c = labels[i];
            weight[c] += 1;
            var dst = centersNew.AsSpan(c * d, d);
            TensorPrimitives.Add(dst, x.AsSpan(i * d, d), dst);
        }
        RelocateEmpty(centersNew, weight, x, n, d, centersOld, k, labels);
        double shift = 0;
        for (int c = 0; c < k; c++)
        {
            var dst = centersNew.AsSpan(c * d, d);
            if (weight[c] > 0) TensorPrimitives.Multiply(dst, 1.0 / weight[c], dst);
            shift += KMeansMath.SquaredDistance(dst, centersOld.AsSpan(c * d, d));
        }
        return shift;
    }

    /// <summary>
    /// sklearn's <c>_relocate_empty_clusters_dense</c>: each empty cluster takes over one of the points farthest
    /// from their current centre (farthest first), which is removed from its old cluster's sum. Labels are left as
    /// they are; the next assignment picks the change up.
    /// </summary>
    private static void RelocateEmpty(double[] sums, double[] weight, double[] x, int n, int d, double[] centersOld, int k, int[] labels)
    {
        var empty = new List<int>();
        for (int c = 0; c < k; c++) if (weight[c] == 0) empty.Add(c);
        if (empty.Count == 0) return;
        var dist = new double[n];
        for (int i = 0; i < n; i++) dist[i] = KMeansMath.SquaredDistance(x.AsSpan(i * d, d), centersOld.AsSpan(labels[i] * d, d));
        var order = Enumerable.Range(0, n).OrderByDescending(i => dist[i]).ThenBy(i => i).Take(empty.Count).ToArray();
        for (int e = 0; e < empty.Count; e++)
        {
            int far = order[e], old = labels[far], nc = empty[e];
            var row = x.AsSpan(far * d, d);
            TensorPrimitives.Subtract(sums.AsSpan(old * d, d), row, sums.AsSpan(old * d, d));
            row.CopyTo(sums.AsSpan(nc * d, d));
            weight[nc] = 1;
            weight[old] -= 1;
        }
    }
}
