using Glassbox.Kernels;

namespace Glassbox.ML.Neighbors;

/// <summary>
/// k-nearest-neighbour search over a fixed training set, by brute force or a <see cref="KDTree"/>, with Minkowski
/// p = 1 (Manhattan) or p = 2 (Euclidean).
/// </summary>
/// <remarks>
/// Brute force, p = 2, uses the expansion ‖q − t‖² = ‖q‖² − 2q·t + ‖t‖², so the bulk of the work is one matrix
/// product Q·Tᵀ per block of queries (GEMM) instead of n_q·n_t separate difference loops. The expansion cancels
/// catastrophically for near neighbours, so it only chooses candidates: the k winners' distances are recomputed
/// exactly as ‖q − t‖ and re-sorted (ties by training index). Results agree with the KD-tree except at exact ties of
/// rounding-level width.
/// </remarks>
internal sealed class NeighborSearch
{
    private readonly double[] train;
    private readonly int n, p;
    private readonly bool manhattan;
    private readonly KDTree? tree;
    private readonly double[] trainSq;

    public NeighborSearch(double[] train, int n, int p, bool manhattan, bool useTree, int leafSize)
    {
        this.train = train; this.n = n; this.p = p; this.manhattan = manhattan;
        trainSq = new double[n];
        for (int i = 0; i < n; i++) trainSq[i] = Linear.DenseMath.Dot(train.AsSpan(i * p, p), train.AsSpan(i * p, p));
        if (useTree) tree = new KDTree(train, n, p, manhattan, leafSize);
    }

    private double Exact(ReadOnlySpan<double> q, int i)
    {
        var r = train.AsSpan(i * p, p);
        double s = 0;
        if (manhattan) { for (int j = 0; j < p; j++) s += Math.Abs(q[j] - r[j]); return s; }
        for (int j = 0; j < p; j++) { double d = q[j] - r[j]; s += d * d; }
        return Math.Sqrt(s);
    }

    /// <summary>Distances and indices [m, k] of the k nearest training points of each query row, nearest first.</summary>
    public (double[] Dist, int[] Index) Query(double[] q, int m, int k)
    {
        var dist = new double[m * k];
        var index = new int[m * k];
        const int block = 128;
        int blocks = (m + block - 1) / block;
        Par.For(blocks, 1, (b0, bl) =>
        {
            var heap = new NeighborHeap(k);
            var prod = tree is null && !manhattan ? new double[block * n] : null;
            var tmpD = new double[k]; var tmpI = new int[k];
            // the blocks already run on every core: each block's product stays on its own thread
            using var oneThread = Gemm.OnThisThreadOnly();
            for (int b = b0; b < b0 + bl; b++)
            {
                int s = b * block, rows = Math.Min(block, m - s);
                if (prod is not null)
                    Gemm.Dgemm(prod, n, q.AsSpan(s * p, rows * p), p, false, train, p, true, rows, n, p);
                for (int r = 0; r < rows; r++)
                {
                    var qi = q.AsSpan((s + r) * p, p);
                    heap.Clear();
                    if (tree is not null) tree.Query(qi, heap);
                    else if (prod is not null)
                    {
                        double qq = Linear.DenseMath.Dot(qi, qi);
                        var row = prod.AsSpan(r * n, n);
                        for (int t = 0; t < n; t++) heap.Push(Math.Max(qq - 2 * row[t] + trainSq[t], 0), t);
                    }
                    else for (int t = 0; t < n; t++) heap.Push(Exact(qi, t), t);
                    heap.Drain(tmpD, tmpI);
                    // exact distances for the winners, re-sorted (ties by index)
                    for (int j = 0; j < k; j++) tmpD[j] = Exact(qi, tmpI[j]);
                    var order = Enumerable.Range(0, k).ToArray();
                    Array.Sort(order, (a, c) => tmpD[a] != tmpD[c] ? tmpD[a].CompareTo(tmpD[c]) : tmpI[a].CompareTo(tmpI[c]));
                    for (int j = 0; j < k; j++) { dist[(s + r) * k + j] = tmpD[order[j]]; index[(s + r) * k + j] = tmpI[order[j]]; }
                }
            }
        });
        return (dist, index);
    }

    /// <summary>
    /// sklearn's neighbour weights: uniform → 1; distance → 1/d, except that a row with any zero distance gives weight 1
    /// to its exact matches and 0 to the rest (<c>_get_weights</c>).
    /// </summary>
    public static double[] Weights(double[] dist, int m, int k, NeighborWeights weights)
    {
        var w = new double[m * k];
        if (weights == NeighborWeights.Uniform) { Array.Fill(w, 1.0); return w; }
        for (int i = 0; i < m; i++)
        {
            bool exact = false;
            for (int j = 0; j < k; j++) if (dist[i * k + j] == 0) exact = true;
            for (int j = 0; j < k; j++)
                w[i * k + j] = exact ? (dist[i * k + j] == 0 ? 1 : 0) : 1 / dist[i * k + j];
        }
        return w;
    }
}
