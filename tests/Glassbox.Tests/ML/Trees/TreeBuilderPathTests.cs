using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// The tree builder's fast paths against its plain ones: the shared stable presort against a LINQ sort, the presorted
/// path against per-node sorting, the fused unit-weight regression sweep against the weighted loop, and gradient
/// boosting's tree-parallel stages against one thread. Every comparison is exact: the fast paths promise the same
/// float operations in the same order, so any difference at all is a bug.
/// </summary>
public class TreeBuilderPathTests
{
    private static (double[] X, int[] YClass, double[] YReg) Data(int n, int p, ulong seed)
    {
        var g = new Generator(seed);
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var yc = new int[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * p] - 0.7 * x[i * p + 1] + 0.5 * g.NextNormal();
            yc[i] = s > 0.6 ? 2 : s > -0.4 ? 1 : 0;
            yr[i] = Math.Sin(2 * x[i * p]) + x[i * p + 2] * x[i * p + 3] + 0.2 * g.NextNormal();
        }
        return (x, yc, yr);
    }

    private static void AssertSameTree(TreeStructure a, TreeStructure b)
    {
        Assert.True(a.NodeCount > 5, "the tree should have grown beyond a few nodes");
        Assert.Equal(a.NodeCount, b.NodeCount);
        Assert.Equal(a.Feature.ToArray<long>(), b.Feature.ToArray<long>());
        Assert.Equal(a.Threshold.ToDoubleArray(), b.Threshold.ToDoubleArray());
        Assert.Equal(a.Impurity.ToDoubleArray(), b.Impurity.ToDoubleArray());
        Assert.Equal(a.Value.ToDoubleArray(), b.Value.ToDoubleArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    public void SharedSortIsByValueThenIndex(int n)
    {
        const int p = 3;
        var g = new Generator(5);
        var x = new double[n * p];
        // feature 0 continuous, feature 1 few distinct values (many ties), feature 2 negative and positive ties
        for (int i = 0; i < n; i++)
        {
            x[i * p] = g.NextNormal();
            x[i * p + 1] = g.NextInt(4);
            x[i * p + 2] = g.NextInt(5) - 2.5;
        }
        var data = new ColumnData(x, n, p);
        var (order, keys) = data.Sorted(parallel: false);
        Assert.Same(order, data.Sorted(parallel: true).Order); // computed once, then shared
        for (int f = 0; f < p; f++)
        {
            var expected = Enumerable.Range(0, n).OrderBy(i => (float)x[i * p + f]).ThenBy(i => i).ToArray();
            Assert.Equal(expected, order.AsSpan(f * n, n).ToArray());
            Assert.Equal(expected.Select(i => (float)x[i * p + f]).ToArray(), keys.AsSpan(f * n, n).ToArray());
        }
    }

    public static TheoryData<string, bool> Criteria() => new()
    {
        { "gini", false }, { "gini", true }, { "entropy", false }, { "entropy", true },
        { "squared_error", false }, { "squared_error", true }, { "friedman_mse", false }, { "friedman_mse", true },
    };

    [Theory, MemberData(nameof(Criteria))]
    public void PresortedPathGrowsTheSameTreeAsSortingPerNode(string criterion, bool weighted)
    {
        const int n = 400, p = 7;
        var (x, yc, yr) = Data(n, p, 21);
        double[]? w = null;
        if (weighted)
        {
            // bootstrap-like counts, zeros included: the presorted path filters weight-0 samples out of its lists
            var g = new Generator(3);
            w = new double[n];
            for (int d = 0; d < n; d++) w[g.NextInt(n)] += 1;
        }
        var c = TreeParams.Parse(criterion, true) ?? TreeParams.Parse(criterion, false)!.Value;
        bool cls = c is SplitCriterion.Gini or SplitCriterion.Entropy;
        TreeStructure Grow(bool presort) =>
            new TreeBuilder(new ColumnData(x, n, p), cls ? yc : null, 3, cls ? null : yr, w,
                new TreeSettings(c, 12, 2, 2, p, 0.0, 1234u, Presort: presort)).Build();
        AssertSameTree(Grow(false), Grow(true));
    }

    [Theory]
    [InlineData("squared_error")]
    [InlineData("friedman_mse")]
    public void UnitWeightRegressionSweepEqualsTheWeightedLoop(string criterion)
    {
        const int n = 500, p = 6;
        var (x, _, yr) = Data(n, p, 8);
        var c = TreeParams.Parse(criterion, false)!.Value;
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        foreach (bool presort in new[] { false, true })
        {
            TreeStructure Grow(double[]? w) =>
                new TreeBuilder(new ColumnData(x, n, p), null, 1, yr, w, new TreeSettings(c, 10, 2, 3, p, 0.0, 99u, Presort: presort)).Build();
            AssertSameTree(Grow(ones), Grow(null));
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.7)]
    public void MulticlassBoostingIsTheSameOnOneThreadAndMany(double subsample)
    {
        const int n = 300, p = 5;
        var (x, yc, _) = Data(n, p, 4);
        var xt = Tensor.FromArray(x, n, p);
        var yt = Tensor.FromArray(yc.Select(v => (long)v).ToArray(), [n]);
        int saved = Glassbox.Kernels.Par.MaxThreads;
        try
        {
            Glassbox.Kernels.Par.MaxThreads = 1;
            var a = new GradientBoostingClassifier(nEstimators: 8, maxDepth: 4, subsample: subsample, randomState: 1).Fit(xt, yt);
            Glassbox.Kernels.Par.MaxThreads = 3;
            var b = new GradientBoostingClassifier(nEstimators: 8, maxDepth: 4, subsample: subsample, randomState: 1).Fit(xt, yt);
            Assert.Equal(a.DecisionFunction(xt).ToDoubleArray(), b.DecisionFunction(xt).ToDoubleArray());
            Assert.Equal(a.TrainScore.ToDoubleArray(), b.TrainScore.ToDoubleArray());
        }
        finally { Glassbox.Kernels.Par.MaxThreads = saved; }
    }

    [Theory]
    [InlineData("gini", false)]
    [InlineData("gini", true)]
    [InlineData("entropy", false)]
    public void WholeNumberWeightsEqualRepeatedSamples(string criterion, bool presort)
    {
        // a sample of weight w must act exactly as w copies of it (bootstrap counts rely on this): same splits, same
        // thresholds, same weighted class counts and impurities — the integer Gini sweep against the unit-weight one
        const int n = 300, p = 5;
        var (x, yc, _) = Data(n, p, 12);
        var g = new Generator(4);
        var w = new double[n];
        for (int d = 0; d < n; d++) w[g.NextInt(n)] += 1;
        var rows = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(i, (int)w[i])).ToArray();
        var xr = rows.SelectMany(i => x.AsSpan(i * p, p).ToArray()).ToArray();
        var yr = rows.Select(i => yc[i]).ToArray();
        var c = TreeParams.Parse(criterion, true)!.Value;
        var settings = new TreeSettings(c, 8, 2, 1, p, 0.0, 77u, Presort: presort);
        var weighted = new TreeBuilder(new ColumnData(x, n, p), yc, 3, null, w, settings).Build();
        var repeated = new TreeBuilder(new ColumnData(xr, rows.Length, p), yr, 3, null, null, settings).Build();
        Assert.Equal(repeated.Feature.ToArray<long>(), weighted.Feature.ToArray<long>());
        Assert.Equal(repeated.Threshold.ToDoubleArray(), weighted.Threshold.ToDoubleArray());
        Assert.Equal(repeated.Value.ToDoubleArray(), weighted.Value.ToDoubleArray());
        Assert.Equal(repeated.Impurity.ToDoubleArray(), weighted.Impurity.ToDoubleArray());
    }
}
