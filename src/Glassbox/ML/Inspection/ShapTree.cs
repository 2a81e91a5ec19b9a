using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

namespace Glassbox.ML.Inspection;

/// <summary>
/// One tree as <see cref="TreeShap"/> reads it: children (−1 at leaves), split features, the node covers (the weight
/// of training rows that reached each node), the leaf values of the outputs it contributes to, and its routing rule.
/// </summary>
internal sealed class ShapTree
{
    public required int[] Left { get; init; }
    public required int[] Right { get; init; }
    public required int[] Feature { get; init; }
    /// <summary>Weight of the rows reaching each node; a node's cover is the sum of its children's.</summary>
    public required double[] Cover { get; set; }
    /// <summary>Leaf values [nodes, Outputs] row-major (internal nodes unused), already scaled (learning rate, 1/n_trees).</summary>
    public required double[] Values { get; init; }
    /// <summary>Number of outputs this tree adds to.</summary>
    public required int Outputs { get; init; }
    /// <summary>The model output its first value column adds to.</summary>
    public int FirstOutput { get; init; }
    /// <summary>Whether row i of row-major x [*, p] goes to the left child at a split node.</summary>
    public required Func<int, double[], int, bool> GoesLeft { get; init; }

    /// <summary>Number of split levels on the longest root-to-leaf path.</summary>
    public int Depth()
    {
        int Walk(int node) => Left[node] < 0 ? 0 : 1 + Math.Max(Walk(Left[node]), Walk(Right[node]));
        return Walk(0);
    }

    /// <summary>The leaf row i reaches.</summary>
    public int Leaf(double[] x, int i)
    {
        int node = 0;
        while (Left[node] >= 0) node = GoesLeft(node, x, i) ? Left[node] : Right[node];
        return node;
    }

    /// <summary>Replaces the covers by the number of rows of <paramref name="x"/> [n, *] that reach each node.</summary>
    public void CoverFrom(double[] x, int n)
    {
        var c = new double[Left.Length];
        for (int i = 0; i < n; i++)
        {
            int node = 0;
            c[0]++;
            while (Left[node] >= 0)
            {
                node = GoesLeft(node, x, i) ? Left[node] : Right[node];
                c[node]++;
            }
        }
        Cover = c;
    }

    /// <summary>A CART tree: float32 routing as sklearn's; covers are <c>weighted_n_node_samples</c>. With
    /// <paramref name="normalize"/> the leaf values (class counts) are divided by their sum (probabilities).</summary>
    public static ShapTree FromCart(TreeStructure t, double scale, bool normalize, int firstOutput = 0)
    {
        int nodes = t.NodeCount, k = t.NValues, p = t.NFeatures;
        var values = new double[nodes * k];
        for (int nd = 0; nd < nodes; nd++)
        {
            var v = t.NodeValue(nd);
            double s = 0;
            if (normalize) { foreach (var c in v) s += c; if (s == 0) s = 1; }
            for (int c = 0; c < k; c++) values[nd * k + c] = scale * (normalize ? v[c] / s : v[c]);
        }
        var feature = t.feature[..nodes];
        var threshold = t.threshold[..nodes];
        return new ShapTree
        {
            Left = t.left[..nodes], Right = t.right[..nodes], Feature = feature,
            Cover = t.weightedNNodeSamples[..nodes], Values = values, Outputs = k, FirstOutput = firstOutput,
            GoesLeft = (nd, x, i) => (float)x[i * p + feature[nd]] <= threshold[nd],
        };
    }

    /// <summary>A histogram-boosting tree: NaN and categories routed as its predictor does. It stores no node counts,
    /// so the covers must come from data (<see cref="CoverFrom"/>).</summary>
    public static ShapTree FromHist(HistTree t, int p, int output)
    {
        var cat = t.CatLeft;
        return new ShapTree
        {
            Left = t.Left, Right = t.Right, Feature = t.Feature, Cover = new double[t.Left.Length], Values = t.Value,
            Outputs = 1, FirstOutput = output,
            GoesLeft = (nd, x, i) =>
            {
                double v = x[i * p + t.Feature[nd]];
                if (double.IsNaN(v)) return t.MissingLeft[nd];
                if (cat?[nd] is ulong[] bits)
                {
                    if (!(v >= 0 && v < 256)) return t.MissingLeft[nd];
                    int c = (int)v;
                    return ((bits[c >> 6] >> (c & 63)) & 1UL) != 0;
                }
                return v <= t.Threshold[nd];
            },
        };
    }
}
