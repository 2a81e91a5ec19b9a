namespace Glassbox.ML.Manifold;

/// <summary>
/// A point-region quadtree over 2-D points for the Barnes–Hut t-SNE repulsion (van der Maaten 2014, §4.2): every
/// node stores its square cell, the number of points below it and their centre of mass. A cell far enough from a
/// query point (its width² / distance² &lt; θ²) is summarised by its centre of mass; otherwise its children are
/// visited. Rebuilt every iteration (O(n log n)).
/// </summary>
internal sealed class QuadTree
{
    private const int MaxDepth = 48; // below this, coincident points share a leaf instead of splitting forever
    // a plain array walked by reference: a List<Node> indexer copies the 56-byte node on every visit of the traversal
    private Node[] nodes = new Node[1024];
    private int count;

    private struct Node
    {
        public double Cx, Cy, Half;          // cell centre and half width
        public double Mx, My;                // centre of mass of the points below
        public int Count;                    // points below
        public int FirstChild;               // index of the first of 4 children, −1 for a leaf
        public int Point;                    // the point held by a leaf (−1 when empty)
        public int Depth;
    }

    /// <summary>Builds the tree over y (n×2 row-major).</summary>
    public QuadTree(double[] y, int n)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, y[2 * i]); maxX = Math.Max(maxX, y[2 * i]);
            minY = Math.Min(minY, y[2 * i + 1]); maxY = Math.Max(maxY, y[2 * i + 1]);
        }
        double half = Math.Max(Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-6), 1e-12);
        nodes = new Node[Math.Max(16, 2 * n)];
        nodes[count++] = new Node { Cx = (minX + maxX) / 2, Cy = (minY + maxY) / 2, Half = half, FirstChild = -1, Point = -1 };
        for (int i = 0; i < n; i++) Insert(0, i, y);
    }

    private void Insert(int node, int i, double[] y)
    {
        double px = y[2 * i], py = y[2 * i + 1];
        while (true)
        {
            if (count + 4 > nodes.Length) Array.Resize(ref nodes, 2 * nodes.Length); // before taking references into it
            ref var nd = ref nodes[node];
            // update the running centre of mass on the way down
            nd.Mx = (nd.Mx * nd.Count + px) / (nd.Count + 1);
            nd.My = (nd.My * nd.Count + py) / (nd.Count + 1);
            nd.Count++;
            if (nd.FirstChild < 0)
            {
                if (nd.Point < 0 || nd.Depth >= MaxDepth) { if (nd.Point < 0) nd.Point = i; return; }
                int old = nd.Point;
                if (y[2 * old] == px && y[2 * old + 1] == py) return; // duplicate: counted, not split
                // split: push the resident point one level down
                nd.FirstChild = count;
                nd.Point = -1;
                double h = nd.Half / 2;
                for (int q = 0; q < 4; q++)
                    nodes[count++] = new Node
                    {
                        Cx = nd.Cx + ((q & 1) != 0 ? h : -h), Cy = nd.Cy + ((q & 2) != 0 ? h : -h),
                        Half = h, FirstChild = -1, Point = -1, Depth = nd.Depth + 1,
                    };
                ref var c = ref nodes[nd.FirstChild + Quadrant(nd, y[2 * old], y[2 * old + 1])];
                c.Mx = y[2 * old]; c.My = y[2 * old + 1]; c.Count = 1; c.Point = old;
            }
            node = nd.FirstChild + Quadrant(nd, px, py);
        }
    }

    private static int Quadrant(in Node nd, double x, double y) => (x >= nd.Cx ? 1 : 0) | (y >= nd.Cy ? 2 : 0);

    /// <summary>
    /// Repulsive part for point (px, py): returns Σ_cells N_c·q_c with q = 1/(1 + d²) (the cell's share of Z) and
    /// accumulates Σ N_c·q_c²·(y_i − ȳ_c) into (fx, fy). The query point itself (distance 0 in its own leaf) is skipped.
    /// </summary>
    public double Repulsion(int self, double px, double py, double theta2, out double fx, out double fy)
    {
        fx = 0; fy = 0;
        double sumQ = 0;
        Span<int> stack = stackalloc int[4 * MaxDepth + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            ref readonly var nd = ref nodes[stack[--top]];
            if (nd.Count == 0) continue;
            double dx = px - nd.Mx, dy = py - nd.My, d2 = dx * dx + dy * dy;
            bool leaf = nd.FirstChild < 0;
            if (leaf || 4 * nd.Half * nd.Half < theta2 * d2)
            {
                int count = nd.Count;
                if (leaf && nd.Point == self) count--; // exclude the query (duplicates of it still repel, as in sklearn)
                if (count <= 0) continue;
                double q = 1 / (1 + d2);
                sumQ += count * q;
                double m = count * q * q;
                fx += m * dx; fy += m * dy;
            }
            else
                for (int c = 0; c < 4; c++) stack[top++] = nd.FirstChild + c;
        }
        return sumQ;
    }
}
