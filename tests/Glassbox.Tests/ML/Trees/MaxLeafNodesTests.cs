using Glassbox.ML.Ensemble;
using Glassbox.ML.Replay;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// Best-first growth (<c>max_leaf_nodes</c>, sklearn's <c>BestFirstTreeBuilder</c>): the leaf budget, agreement with
/// depth-first growth when the budget does not bind, the expansion order on a hand-made example, the frontier heap's
/// tie order against libstdc++'s <c>std::push_heap</c>/<c>std::pop_heap</c>, the presorted and sorting paths, the
/// ensembles, and validation. Node-for-node agreement with sklearn is the "max_leaf_nodes" parity family. Every
/// comparison is exact: the same splits are found by the same float operations on the same samples in the same order.
/// </summary>
public class MaxLeafNodesTests
{
    /// <summary>Gaussian features (p ≥ 1), a noisy 3-class label and a noisy regression target of the first (up to) four.</summary>
    private static (Tensor X, Tensor YClass, Tensor YReg) Data(int n, int p, ulong seed)
    {
        var g = new Generator(seed);
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var yc = new double[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            double X(int j) => x[i * p + Math.Min(j, p - 1)];
            double s = X(0) - 0.7 * X(1) + 0.8 * g.NextNormal();
            yc[i] = s > 0.6 ? 2 : s > -0.4 ? 1 : 0;
            yr[i] = Math.Sin(2 * X(0)) + X(2) * X(3) + 0.3 * g.NextNormal();
        }
        return (Tensor.FromArray(x, [n, p]), Tensor.FromArray(yc, [n]), Tensor.FromArray(yr, [n]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    public void GrowsExactlyMaxLeafNodesLeavesWhenTheTreeCanSplitThatFar(int maxLeaves)
    {
        var (x, yc, yr) = Data(300, 5, 1);
        // unlimited, these noisy targets grow trees of well over 40 leaves
        Assert.True(new DecisionTreeClassifier(randomState: 0).Fit(x, yc).GetNLeaves() > 40);
        Assert.True(new DecisionTreeRegressor(randomState: 0).Fit(x, yr).GetNLeaves() > 40);
        var c = new DecisionTreeClassifier(randomState: 0, maxLeafNodes: maxLeaves).Fit(x, yc).Tree;
        var r = new DecisionTreeRegressor(randomState: 0, maxLeafNodes: maxLeaves).Fit(x, yr).Tree;
        foreach (var t in new[] { c, r })
        {
            Assert.Equal(maxLeaves, t.NLeaves);
            Assert.Equal(2 * maxLeaves - 1, t.NodeCount); // a binary tree: one split per leaf beyond the first
        }
    }

    /// <summary>
    /// Largest |a − b| relative to max(1, max |b|). Used where the two growth orders put a node's samples in different
    /// orders: the splitter's random stream is consumed node by node, so the same node visits its features in another
    /// order and its samples end up sorted by another feature; sums over them then differ in the last bits only.
    /// </summary>
    private static double RelDiff(Tensor a, Tensor b)
    {
        var x = a.ToDoubleArray();
        var y = b.ToDoubleArray();
        Assert.Equal(y.Length, x.Length);
        return x.Zip(y, (u, v) => Math.Abs(u - v)).Max() / Math.Max(1, y.Max(Math.Abs));
    }

    [Fact]
    public void StopsBelowTheLimitWhenNoNodeCanBeSplit()
    {
        var (x, _, yr) = Data(300, 5, 2);
        // min_samples_leaf = 40 allows at most 300 / 40 = 7 leaves, so a budget of 40 never binds
        var limited = new DecisionTreeRegressor(minSamplesLeaf: 40, randomState: 0, maxLeafNodes: 40).Fit(x, yr);
        var free = new DecisionTreeRegressor(minSamplesLeaf: 40, randomState: 0).Fit(x, yr);
        Assert.True(limited.GetNLeaves() < 40);
        Assert.Equal(free.GetNLeaves(), limited.GetNLeaves());
        Assert.True(RelDiff(limited.Predict(x), free.Predict(x)) < 1e-14);
    }

    /// <summary>The node tuples (feature, threshold, samples, impurity, value) as a multiset, independent of numbering.</summary>
    private static List<string> Nodes(TreeStructure t)
    {
        var f = t.Feature.ToArray<long>();
        var th = t.Threshold.ToDoubleArray();
        var n = t.NNodeSamples.ToArray<long>();
        var imp = t.Impurity.ToDoubleArray();
        var v = t.Value.ToDoubleArray();
        int k = t.NValues;
        return Enumerable.Range(0, t.NodeCount)
            .Select(i => $"{f[i]}|{th[i]:R}|{n[i]}|{imp[i]:R}|{string.Join(",", v.Skip(i * k).Take(k).Select(a => a.ToString("R")))}")
            .Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData(Criterion.Gini)]
    [InlineData(Criterion.Entropy)]
    [InlineData(Criterion.SquaredError)]
    public void OnOneFeatureABudgetThatNeverBindsGivesTheDepthFirstTreeInAnotherNodeOrder(Criterion criterion)
    {
        // With one feature every node visits the same feature and sorts its samples by it whatever the random stream,
        // so the two growth orders must find identical nodes, bit for bit, only numbered differently.
        var (x, yc, yr) = Data(250, 1, 3);
        var (xt, _, _) = Data(100, 1, 33);
        TreeStructure bf, df;
        Tensor pb, pd;
        if (criterion == Criterion.SquaredError)
        {
            var b = new DecisionTreeRegressor(criterion, minSamplesLeaf: 3, randomState: 0, maxLeafNodes: 100000).Fit(x, yr);
            var d = new DecisionTreeRegressor(criterion, minSamplesLeaf: 3, randomState: 0).Fit(x, yr);
            (bf, df, pb, pd) = (b.Tree, d.Tree, b.Predict(xt), d.Predict(xt));
        }
        else
        {
            var b = new DecisionTreeClassifier(criterion, randomState: 0, maxLeafNodes: 100000).Fit(x, yc);
            var d = new DecisionTreeClassifier(criterion, randomState: 0).Fit(x, yc);
            (bf, df, pb, pd) = (b.Tree, d.Tree, b.PredictProba(xt), d.PredictProba(xt));
        }
        Assert.True(df.NodeCount > 40);
        Assert.Equal(pd.ToDoubleArray(), pb.ToDoubleArray());
        Assert.Equal(df.MaxDepth, bf.MaxDepth);
        Assert.Equal(Nodes(df), Nodes(bf));
        Assert.NotEqual(df.ChildrenLeft.ToArray<long>(), bf.ChildrenLeft.ToArray<long>()); // numbered in creation order
    }

    [Fact]
    public void ABudgetThatNeverBindsGivesTheDepthFirstPartitionOnManyFeatures()
    {
        // Several features: a node may visit its features in another order under the two growth orders (see RelDiff),
        // so where two features cut a node's samples identically either may be chosen (different thresholds, same
        // partition). With a continuous target, equal improvements mean equal partitions, so the leaves hold the same
        // training rows: same leaf count and depth, training predictions equal up to summation order.
        var (x, _, yr) = Data(300, 4, 4);
        var b = new DecisionTreeRegressor(minSamplesLeaf: 4, randomState: 0, maxLeafNodes: 100000).Fit(x, yr);
        var d = new DecisionTreeRegressor(minSamplesLeaf: 4, randomState: 0).Fit(x, yr);
        Assert.True(d.GetNLeaves() > 30);
        Assert.Equal(d.GetNLeaves(), b.GetNLeaves());
        Assert.Equal(d.GetDepth(), b.GetDepth());
        Assert.True(RelDiff(b.Predict(x), d.Predict(x)) < 1e-14);
    }

    [Fact]
    public void ExpandsTheFrontierNodeOfLargestImprovementFirst()
    {
        // x = 0..7. Root: x ≤ 3.5 separates {0,0,1,1} from {20,20,22,22} (SSE 1 + 4, against ≥ 508 for any other cut).
        // Left child's best split removes SSE 1 (improvement 1/8 · ... = 0.125), the right child's removes 4 (0.5):
        // with 3 leaves the right child is split, though depth-first order would reach the left child first.
        var x = Tensor.FromArray(Enumerable.Range(0, 8).Select(i => (double)i).ToArray(), [8, 1]);
        var y = Tensor.FromArray(new[] { 0.0, 0, 1, 1, 20, 20, 22, 22 }, [8]);
        var m = new DecisionTreeRegressor(maxLeafNodes: 3, randomState: 0).Fit(x, y);
        var t = m.Tree;
        // nodes in creation order: root, its left and right child (both evaluated on creation), then the right's children
        Assert.Equal(new long[] { 1, -1, 3, -1, -1 }, t.ChildrenLeft.ToArray<long>());
        Assert.Equal(new long[] { 2, -1, 4, -1, -1 }, t.ChildrenRight.ToArray<long>());
        Assert.Equal(new long[] { 0, -2, 0, -2, -2 }, t.Feature.ToArray<long>());
        // node 1 had a split (x ≤ 1.5) when it was created; left unexpanded, it becomes a leaf with threshold −2
        Assert.Equal(new[] { 3.5, -2, 5.5, -2, -2 }, t.Threshold.ToDoubleArray());
        Assert.Equal(new[] { 0.5, 0.5, 20, 22 }, m.Predict(Tensor.FromArray(new[] { 0.0, 3, 4, 7 }, [4, 1])).ToDoubleArray());
        // the mirror image: now the left child has the larger improvement and is split first
        var yMirror = Tensor.FromArray(new[] { 22.0, 22, 20, 20, 1, 1, 0, 0 }, [8]);
        var mm = new DecisionTreeRegressor(maxLeafNodes: 3, randomState: 0).Fit(x, yMirror).Tree;
        Assert.Equal(new long[] { 1, 3, -1, -1, -1 }, mm.ChildrenLeft.ToArray<long>());
        Assert.Equal(new[] { 3.5, 1.5, -2, -2, -2 }, mm.Threshold.ToDoubleArray());
    }

    /// <summary>
    /// The pop order of a 300-step push/pop sequence with many equal priorities (improvements in {0, 1, 2, 3}),
    /// produced by g++ 12 / libstdc++: <c>std::push_heap</c> / <c>std::pop_heap</c> on a <c>std::vector</c> with
    /// a.imp &lt; b.imp, exactly as sklearn 1.2's <c>_add_to_frontier</c> and build loop use them. The same LCG drives
    /// both sides: s ← (1103515245·s + 12345) mod 2³¹; push (improvement (s ≫ 8) mod 4, id = step) when
    /// (s ≫ 16) mod 3 ≠ 0 or the heap is empty, else pop; finally pop everything.
    /// </summary>
    private static readonly int[] LibstdcxxPopOrder =
    [
        1, 6, 8, 11, 16, 5, 17, 24, 32, 35, 30, 22, 26, 46, 12, 55, 56, 58, 68, 70, 71, 61, 86, 90, 37, 94, 57, 104,
        100, 101, 102, 59, 111, 87, 96, 115, 127, 128, 129, 137, 139, 150, 131, 133, 132, 116, 158, 121, 125, 29,
        167, 172, 162, 0, 120, 145, 193, 77, 147, 201, 204, 206, 192, 194, 197, 209, 182, 185, 187, 216, 190, 69,
        170, 230, 84, 241, 244, 226, 168, 242, 254, 255, 258, 257, 266, 274, 276, 277, 279, 262, 264, 290, 265, 275,
        287, 292, 299, 267, 272, 246, 142, 81, 45, 27, 138, 15, 256, 64, 286, 269, 126, 105, 141, 97, 118, 293, 161,
        164, 280, 7, 76, 119, 283, 63, 130, 74, 108, 99, 191, 198, 235, 253, 237, 239, 238, 174, 221, 231, 227, 218,
        33, 83, 189, 173, 188, 80, 38, 82, 146, 75, 169, 160, 157, 273, 39, 136, 175, 252, 213, 23, 21, 50, 2, 95,
        184, 186, 123, 294, 47, 49, 88, 67, 20, 140, 289, 217, 40, 66, 25, 43, 10, 89, 240, 85, 228, 53, 271, 196,
        223, 54, 134, 48, 144, 270, 251, 233, 181, 232, 203, 4, 171, 122, 245, 211,
    ];

    [Fact]
    public void FrontierHeapBreaksTiesAsLibstdcxx()
    {
        var heap = new StdHeap<FrontierRecord>((a, b) => a.Improvement < b.Improvement);
        var queue = new PriorityQueue<int, double>(Comparer<double>.Create((a, b) => b.CompareTo(a)));
        var ours = new List<int>();
        var dotnet = new List<int>();
        uint s = 12345;
        for (int step = 0; step < 300; step++)
        {
            s = (s * 1103515245u + 12345u) & 0x7fffffffu;
            if ((s >> 16) % 3 != 0 || heap.Count == 0)
            {
                double imp = (s >> 8) % 4;
                heap.Push(new FrontierRecord(step, 0, 0, 0, 0, false, 0, 0, 0, imp));
                queue.Enqueue(step, imp);
            }
            else
            {
                ours.Add(heap.Pop().NodeId);
                dotnet.Add(queue.Dequeue());
            }
        }
        while (heap.Count > 0) { ours.Add(heap.Pop().NodeId); dotnet.Add(queue.Dequeue()); }
        Assert.Equal(LibstdcxxPopOrder, ours);
        // why the heap is hand-written: .NET's 4-ary PriorityQueue orders the same ties differently
        Assert.NotEqual(LibstdcxxPopOrder, dotnet);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PresortedPathGrowsTheSameBestFirstTree(bool regression)
    {
        var (xt, yc, yr) = Data(400, 6, 4);
        var x = xt.ToDoubleArray();
        var yi = yc.ToDoubleArray().Select(v => (int)v).ToArray();
        // max_features = 3 of 6: features found constant are rediscovered at every best-first node, and the splitter's
        // random stream is consumed in creation order
        TreeStructure Grow(bool presort) => new TreeBuilder(new ColumnData(x, 400, 6), regression ? null : yi, 3,
            regression ? yr.ToDoubleArray() : null, null,
            new TreeSettings(regression ? SplitCriterion.SquaredError : SplitCriterion.Gini, int.MaxValue, 2, 2, 3, 0.0, 4321u,
                Presort: presort, MaxLeafNodes: 30)).Build();
        var a = Grow(true);
        var b = Grow(false);
        Assert.Equal(30, a.NLeaves);
        Assert.Equal(a.ChildrenLeft.ToArray<long>(), b.ChildrenLeft.ToArray<long>());
        Assert.Equal(a.Feature.ToArray<long>(), b.Feature.ToArray<long>());
        Assert.Equal(a.Threshold.ToDoubleArray(), b.Threshold.ToDoubleArray());
        Assert.Equal(a.Impurity.ToDoubleArray(), b.Impurity.ToDoubleArray());
        Assert.Equal(a.Value.ToDoubleArray(), b.Value.ToDoubleArray());
    }

    [Fact]
    public void ForestsLimitEveryTree()
    {
        var (x, yc, yr) = Data(300, 5, 5);
        var rfc = new RandomForestClassifier(nEstimators: 8, randomState: 0, maxLeafNodes: 6).Fit(x, yc);
        var rfr = new RandomForestRegressor(nEstimators: 8, randomState: 0, maxLeafNodes: 9).Fit(x, yr);
        Assert.All(rfc.Trees, t => Assert.Equal(6, t.NLeaves));
        Assert.All(rfr.Trees, t => Assert.Equal(9, t.NLeaves));
        Assert.True(new RandomForestClassifier(nEstimators: 8, randomState: 0).Fit(x, yc).Trees.All(t => t.NLeaves > 6));
    }

    [Fact]
    public void GradientBoostingLimitsEveryTree()
    {
        var (x, yc, yr) = Data(300, 5, 6);
        var yb = Tensor.FromArray(yc.ToDoubleArray().Select(v => v > 0 ? 1.0 : 0.0).ToArray(), [300]);
        var gbr = new GradientBoostingRegressor(nEstimators: 10, maxDepth: null, randomState: 0, maxLeafNodes: 5).Fit(x, yr);
        var gbc = new GradientBoostingClassifier(nEstimators: 10, maxDepth: null, randomState: 0, maxLeafNodes: 4).Fit(x, yb);
        Assert.All(gbr.Estimators, t => Assert.Equal(5, t.NLeaves));
        Assert.All(gbc.Estimators, stage => Assert.Equal(4, stage[0].NLeaves));
    }

    public static TheoryData<string, int> Invalid()
    {
        var d = new TheoryData<string, int>();
        foreach (var e in new[] { "DecisionTreeClassifier", "DecisionTreeRegressor", "RandomForestClassifier", "RandomForestRegressor",
            "GradientBoostingClassifier", "GradientBoostingRegressor" })
            foreach (int v in new[] { 1, 0, -3 }) d.Add(e, v);
        return d;
    }

    [Theory, MemberData(nameof(Invalid))]
    public void RejectsFewerThanTwoLeavesNamingMaxLeafNodes(string estimator, int value)
    {
        var (x, yc, yr) = Data(40, 4, 7);
        Action fit = estimator switch
        {
            "DecisionTreeClassifier" => () => new DecisionTreeClassifier(maxLeafNodes: value).Fit(x, yc),
            "DecisionTreeRegressor" => () => new DecisionTreeRegressor(maxLeafNodes: value).Fit(x, yr),
            "RandomForestClassifier" => () => new RandomForestClassifier(nEstimators: 2, maxLeafNodes: value).Fit(x, yc),
            "RandomForestRegressor" => () => new RandomForestRegressor(nEstimators: 2, maxLeafNodes: value).Fit(x, yr),
            "GradientBoostingClassifier" => () => new GradientBoostingClassifier(nEstimators: 2, maxLeafNodes: value).Fit(x, yc),
            _ => () => new GradientBoostingRegressor(nEstimators: 2, maxLeafNodes: value).Fit(x, yr),
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(fit);
        Assert.Equal("MaxLeafNodes", ex.ParamName);
        Assert.Contains(estimator, ex.Message);
        Assert.Contains("≥ 2", ex.Message);
    }

    [Fact]
    public void TwoLeavesIsTheSmallestTreeAllowed()
    {
        var (x, _, yr) = Data(100, 4, 8);
        var stump = new DecisionTreeRegressor(maxLeafNodes: 2, randomState: 0).Fit(x, yr);
        var depth1 = new DecisionTreeRegressor(maxDepth: 1, randomState: 0).Fit(x, yr);
        Assert.Equal(depth1.Tree.Threshold.ToDoubleArray(), stump.Tree.Threshold.ToDoubleArray());
        Assert.Equal(depth1.Predict(x).ToDoubleArray(), stump.Predict(x).ToDoubleArray());
        Assert.Equal(1, stump.GetDepth());
    }
}
