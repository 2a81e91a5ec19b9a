namespace Glassbox.ML.Neighbors;

/// <summary>
/// The k best (smallest) candidates seen so far as a binary max-heap on (distance, index): the root is the worst
/// kept candidate, so a new one is compared with it in O(1) and inserted in O(log k). Ordering by index among equal
/// distances makes results deterministic and identical between the brute-force and KD-tree searches.
/// </summary>
internal sealed class NeighborHeap(int k)
{
    private readonly double[] dist = new double[k];
    private readonly int[] idx = new int[k];
    private int count;

    public int Count => count;

    /// <summary>The current k-th best distance (+∞ until k candidates are held): anything farther cannot enter.</summary>
    public double Bound => count < k ? double.PositiveInfinity : dist[0];

    public void Clear() => count = 0;

    private static bool Worse(double d1, int i1, double d2, int i2) => d1 > d2 || (d1 == d2 && i1 > i2);

    public void Push(double d, int i)
    {
        if (count < k)
        {
            int c = count++;
            dist[c] = d; idx[c] = i;
            while (c > 0)
            {
                int parent = (c - 1) / 2;
                if (!Worse(dist[c], idx[c], dist[parent], idx[parent])) break;
                Swap(c, parent); c = parent;
            }
            return;
        }
        if (!Worse(dist[0], idx[0], d, i)) return;
        dist[0] = d; idx[0] = i;
        int r = 0;
        while (true)
        {
            int l = 2 * r + 1, rr = l + 1, m = r;
            if (l < count && Worse(dist[l], idx[l], dist[m], idx[m])) m = l;
            if (rr < count && Worse(dist[rr], idx[rr], dist[m], idx[m])) m = rr;
            if (m == r) break;
            Swap(r, m); r = m;
        }
    }

    private void Swap(int a, int b)
    {
        (dist[a], dist[b]) = (dist[b], dist[a]);
        (idx[a], idx[b]) = (idx[b], idx[a]);
    }

    /// <summary>Writes the kept candidates sorted best first.</summary>
    public void Drain(Span<double> outDist, Span<int> outIdx)
    {
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (a, b) => dist[a] != dist[b] ? dist[a].CompareTo(dist[b]) : idx[a].CompareTo(idx[b]));
        for (int j = 0; j < count; j++) { outDist[j] = dist[order[j]]; outIdx[j] = idx[order[j]]; }
    }
}
