namespace Glassbox.ML.Neighbors;

/// <summary>
/// A k-d tree over the training points (Bentley, 1975; <c>sklearn.neighbors.KDTree</c>): each node splits its points
/// at the median of the dimension of largest spread, down to leaves of at most <c>leafSize</c> points; each node keeps
/// its bounding box. A query descends to the nearer child first and skips any node whose box is farther than the
/// current k-th best distance — exact results in roughly O(log n) per query in low dimensions.
/// </summary>
/// <remarks>Distances are "reduced" (Σ|d|² for p = 2, Σ|d| for p = 1), monotone in the true Minkowski distance.</remarks>
internal sealed class KDTree
{
    private readonly double[] x;
    private readonly int p, leafSize;
    private readonly bool manhattan;
    private readonly int[] perm;
    private readonly List<Node> nodes = [];

    private sealed record Node(int Start, int End, double[] Lo, double[] Hi, int Left, int Right);

    public KDTree(double[] x, int n, int p, bool manhattan, int leafSize = 30)
    {
        this.x = x; this.p = p; this.manhattan = manhattan; this.leafSize = Math.Max(1, leafSize);
        perm = Enumerable.Range(0, n).ToArray();
        if (n > 0) Build(0, n);
    }

    private int Build(int start, int end)
    {
        var lo = new double[p]; var hi = new double[p];
        Array.Fill(lo, double.PositiveInfinity); Array.Fill(hi, double.NegativeInfinity);
        for (int i = start; i < end; i++)
            for (int j = 0; j < p; j++) { double v = x[perm[i] * p + j]; lo[j] = Math.Min(lo[j], v); hi[j] = Math.Max(hi[j], v); }
        int id = nodes.Count;
        nodes.Add(new Node(start, end, lo, hi, -1, -1));
        if (end - start <= leafSize) return id;
        int dim = 0;
        for (int j = 1; j < p; j++) if (hi[j] - lo[j] > hi[dim] - lo[dim]) dim = j;
        if (hi[dim] == lo[dim]) return id; // all points identical: keep as a leaf
        int mid = (start + end) / 2;
        // sort the range by the split coordinate (ties by index, so the tree is deterministic)
        Array.Sort(perm, start, end - start, Comparer<int>.Create((a, b) =>
        {
            int c = x[a * p + dim].CompareTo(x[b * p + dim]);
            return c != 0 ? c : a.CompareTo(b);
        }));
        int left = Build(start, mid), right = Build(mid, end);
        nodes[id] = nodes[id] with { Left = left, Right = right };
        return id;
    }

    /// <summary>Reduced distance between point i and the query.</summary>
    public double Reduced(ReadOnlySpan<double> q, int i)
    {
        var r = x.AsSpan(i * p, p);
        double s = 0;
        if (manhattan) for (int j = 0; j < p; j++) s += Math.Abs(q[j] - r[j]);
        else for (int j = 0; j < p; j++) { double d = q[j] - r[j]; s += d * d; }
        return s;
    }

    private double MinReduced(ReadOnlySpan<double> q, Node nd)
    {
        double s = 0;
        for (int j = 0; j < p; j++)
        {
            double d = q[j] < nd.Lo[j] ? nd.Lo[j] - q[j] : q[j] > nd.Hi[j] ? q[j] - nd.Hi[j] : 0;
            s += manhattan ? d : d * d;
        }
        return s;
    }

    public void Query(ReadOnlySpan<double> q, NeighborHeap heap)
    {
        if (nodes.Count > 0) Search(q, 0, heap);
    }

    private void Search(ReadOnlySpan<double> q, int id, NeighborHeap heap)
    {
        var nd = nodes[id];
        if (MinReduced(q, nd) > heap.Bound) return;
        if (nd.Left < 0)
        {
            for (int i = nd.Start; i < nd.End; i++) heap.Push(Reduced(q, perm[i]), perm[i]);
            return;
        }
        double dl = MinReduced(q, nodes[nd.Left]), dr = MinReduced(q, nodes[nd.Right]);
        if (dl <= dr) { Search(q, nd.Left, heap); Search(q, nd.Right, heap); }
        else { Search(q, nd.Right, heap); Search(q, nd.Left, heap); }
    }
}
