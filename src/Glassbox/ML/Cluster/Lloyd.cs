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
    /// With sample weights <paramref name="w"/> the centres are weighted means Σwᵢxᵢ/Σwᵢ and the inertia
    /// Σwᵢ‖xᵢ − c‖² (a cluster of total weight 0 counts as empty).
    /// </summary>
    public static (int[] Labels, double[] Centers, double Inertia, int NIter) Run(double[] x, int n, int d, double[] init, int k, int maxIter, double tol,
        double[]? w = null)
    {
        var centers = init.ToArray();
        var centersNew = new double[k * d];
        var work = new Workspace(n, d, k);
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        bool strict = false;
        int i = 0;
        for (; i < maxIter; i++)
        {
            AssignAndSum(labels, centersNew, work, x, n, d, centers, k, w);
            double shift = Finish(centersNew, work.Counts, x, n, d, centers, k, labels, w);
            (centers, centersNew) = (centersNew, centers);
            if (labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            if (shift <= tol) break;
            labels.AsSpan().CopyTo(labelsOld);
        }
        if (i == maxIter) i = maxIter - 1;
        // without strict convergence the last update moved the centres after the labels were computed: re-assign so
        // labels_ are those of cluster_centers_
        if (!strict) KMeansMath.Assign(labels, x, n, d, centers, k);
        return (labels, centers, KMeansMath.Inertia(x, n, d, centers, labels, w), i + 1);
    }

    /// <summary>Rows per block of the fused pass: a fixed size, so the partial sums (and the rounding of the centres)
    /// do not depend on the number of threads.</summary>
    internal const int SumBlock = 4096;

    /// <summary>Partial sums per block [blocks, k, d] and counts [blocks, k], allocated once per run.</summary>
    private sealed class Workspace(int n, int d, int k)
    {
        public readonly int Blocks = (n + SumBlock - 1) / SumBlock;
        public readonly double[] Partial = new double[(long)((n + SumBlock - 1) / SumBlock) * k * d];
        public readonly double[] PartialCounts = new double[(n + SumBlock - 1) / SumBlock * k];
        public readonly double[] Counts = new double[k];
    }

    /// <summary>
    /// One pass over X doing both halves of a Lloyd step: labels[i] = argmin_j ‖c_j‖² − 2xᵢ·c_j (as
    /// <see cref="KMeansMath.Assign"/>), and the per-cluster sums of the rows just assigned, sums [k, d] and counts.
    /// Fusing matters because X (376 MB at 60k × 784) streams from memory: assigning and then summing in a second,
    /// serial pass read it twice. Blocks of <see cref="SumBlock"/> rows run in parallel, each summing into its own
    /// slice in row order; the slices are then added in block order, so the result is the same for any thread count
    /// (and, below 4,096 rows, the plain serial row-order sum). With <paramref name="sw"/> each row adds wᵢxᵢ and wᵢ
    /// (sklearn's <c>X[i]·sample_weight[i]</c>, rounded as a product then a sum).
    /// </summary>
    private static void AssignAndSum(int[] labels, double[] sums, Workspace w, double[] x, int n, int d, double[] centers, int k, double[]? sw)
    {
        var cn = KMeansMath.RowSquaredNorms(centers, k, d);
        Kernels.Par.For(w.Blocks, 1, (b0, nb) =>
        {
            for (int b = b0; b < b0 + nb; b++)
            {
                var ps = w.Partial.AsSpan(b * k * d, k * d);
                var pc = w.PartialCounts.AsSpan(b * k, k);
                ps.Clear();
                pc.Clear();
                for (int i = b * SumBlock, end = Math.Min(n, i + SumBlock); i < end; i++)
                {
                    var row = x.AsSpan(i * d, d);
                    int best = KMeansMath.Nearest(row, centers, cn, k);
                    labels[i] = best;
                    var dst = ps.Slice(best * d, d);
                    if (sw is null)
                    {
                        pc[best] += 1;
                        TensorPrimitives.Add(dst, row, dst);
                    }
                    else
                    {
                        pc[best] += sw[i];
                        TensorPrimitives.MultiplyAdd(row, sw[i], dst, dst);
                    }
                }
            }
        });
        w.Partial.AsSpan(0, k * d).CopyTo(sums);
        w.PartialCounts.AsSpan(0, k).CopyTo(w.Counts);
        for (int b = 1; b < w.Blocks; b++)
        {
            TensorPrimitives.Add(sums, w.Partial.AsSpan(b * k * d, k * d), sums);
            TensorPrimitives.Add(w.Counts, w.PartialCounts.AsSpan(b * k, k), w.Counts);
        }
    }

    /// <summary>
    /// From the cluster sums in <paramref name="centersNew"/> and their <paramref name="counts"/>: relocate empty
    /// clusters, divide, and return the squared centre shift Σ_j ‖new_j − old_j‖².
    /// </summary>
    internal static double Finish(double[] centersNew, double[] counts, double[] x, int n, int d, double[] centersOld, int k, int[] labels, double[]? w)
    {
        RelocateEmpty(centersNew, counts, x, n, d, centersOld, k, labels, w);
        double shift = 0;
        for (int c = 0; c < k; c++)
        {
            var dst = centersNew.AsSpan(c * d, d);
            if (counts[c] > 0) TensorPrimitives.Multiply(dst, 1.0 / counts[c], dst);
            shift += KMeansMath.SquaredDistance(dst, centersOld.AsSpan(c * d, d));
        }
        return shift;
    }

    /// <summary>
    /// sklearn's <c>_relocate_empty_clusters_dense</c>: each empty cluster takes over one of the points farthest
    /// from their current centre (farthest first), which is removed from its old cluster's sum. Labels are left as
    /// they are; the next assignment picks the change up. With sample weights "empty" means total weight 0, the
    /// distances stay unweighted (as in sklearn 1.2), and the moved point carries its weight wᵢ and mass wᵢxᵢ.
    /// </summary>
    private static void RelocateEmpty(double[] sums, double[] weight, double[] x, int n, int d, double[] centersOld, int k, int[] labels, double[]? w)
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
            if (w is null)
            {
                TensorPrimitives.Subtract(sums.AsSpan(old * d, d), row, sums.AsSpan(old * d, d));
                row.CopyTo(sums.AsSpan(nc * d, d));
                weight[nc] = 1;
                weight[old] -= 1;
            }
            else
            {
                var moved = new double[d];
                TensorPrimitives.Multiply(row, w[far], moved);
                TensorPrimitives.Subtract(sums.AsSpan(old * d, d), moved, sums.AsSpan(old * d, d));
                moved.CopyTo(sums.AsSpan(nc * d, d));
                weight[nc] = w[far];
                weight[old] -= w[far];
            }
        }
    }
}
