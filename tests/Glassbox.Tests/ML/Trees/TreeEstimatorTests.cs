using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Tree;
using Glassbox.ML.Replay;

namespace Glassbox.Tests.ML.Trees;

/// <summary>
/// Forest determinism across thread counts, the histogram-subtraction invariant, and the sklearn RNG reproduction the
/// trees' feature order relies on. The tree estimators' contract (fit/refit/save-load/row subsets/bad settings/training
/// score) is in <see cref="EstimatorContractTests"/>.
/// </summary>
public class TreeEstimatorTests
{
    private static (Tensor X, Tensor YClass, Tensor YReg) Data(int n = 160, int p = 5, ulong seed = 7)
    {
        var g = new Generator(seed);
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var yc = new long[n];
        var yr = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = x[i * p] - 0.7 * x[i * p + 1] + 0.3 * g.NextNormal();
            yc[i] = s > 0.5 ? 4 : s > -0.5 ? 2 : 9;
            yr[i] = Math.Sin(x[i * p]) + x[i * p + 2] * x[i * p + 2] + 0.1 * g.NextNormal();
        }
        return (Tensor.FromArray(x, n, p), Tensor.FromArray(yc, [n]), Tensor.FromArray(yr, [n]));
    }

    [Fact]
    public void ForestIsTheSameForAnyThreadCount()
    {
        var (x, yc, yr) = Data(300, 6);
        int saved = Glassbox.Kernels.Par.MaxThreads;
        try
        {
            Glassbox.Kernels.Par.MaxThreads = 1;
            var a = new RandomForestClassifier(nEstimators: 20, oobScore: true, randomState: 42).Fit(x, yc);
            var ar = new RandomForestRegressor(nEstimators: 10, randomState: 42).Fit(x, yr);
            Glassbox.Kernels.Par.MaxThreads = 4;
            var b = new RandomForestClassifier(nEstimators: 20, oobScore: true, randomState: 42).Fit(x, yc);
            var br = new RandomForestRegressor(nEstimators: 10, randomState: 42).Fit(x, yr);
            Assert.Equal(a.PredictProba(x).ToDoubleArray(), b.PredictProba(x).ToDoubleArray());
            Assert.Equal(a.OobScoreFitted, b.OobScoreFitted);
            Assert.Equal(ar.Predict(x).ToDoubleArray(), br.Predict(x).ToDoubleArray());
            // a different seed gives a different forest
            var c = new RandomForestClassifier(nEstimators: 20, randomState: 43).Fit(x, yc);
            Assert.NotEqual(a.PredictProba(x).ToDoubleArray(), c.PredictProba(x).ToDoubleArray());
            // OOB accuracy is an honest estimate: well above chance (3 classes), below the training fit
            Assert.InRange(a.OobScoreFitted, 0.6, 0.99);
            Assert.Equal(1.0, a.FeatureImportances.Sum().Item(), 12);
        }
        finally { Glassbox.Kernels.Par.MaxThreads = saved; }
    }

    [Fact]
    public void SingleTreeIsTheSameSequentialAndParallel()
    {
        // large enough for the per-node feature evaluation and partition to go parallel
        var (x, yc, _) = Data(3000, 60, seed: 11);
        int saved = Glassbox.Kernels.Par.MaxThreads;
        try
        {
            Glassbox.Kernels.Par.MaxThreads = 1;
            var a = new DecisionTreeClassifier(randomState: 0).Fit(x, yc);
            Glassbox.Kernels.Par.MaxThreads = 3;
            var b = new DecisionTreeClassifier(randomState: 0).Fit(x, yc);
            Assert.Equal(a.Tree.Threshold.ToDoubleArray(), b.Tree.Threshold.ToDoubleArray());
            Assert.Equal(a.Tree.Feature.ToArray<long>(), b.Tree.Feature.ToArray<long>());
            Assert.Equal(a.Tree.Value.ToDoubleArray(), b.Tree.Value.ToDoubleArray());
        }
        finally { Glassbox.Kernels.Par.MaxThreads = saved; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HistogramSubtractionEqualsDirectSiblingHistogram(bool withMissing)
    {
        var (x, _, yr) = Data(2500, 4, seed: 5);
        int n = 2500, p = 4;
        var xr = x.ToDoubleArray();
        // NaN in every 7th row of features 0 and 3: the missing bin must be built and subtracted like the others
        if (withMissing) for (int i = 0; i < n; i += 7) { xr[i * p] = double.NaN; xr[i * p + 3] = double.NaN; }
        var binner = new HistBinner(xr, n, p, 255);
        var bins = binner.Transform(xr, n, p);
        Assert.Equal(withMissing, binner.HasMissing[0]);
        var grower = new HistGrower(bins, n, p, binner.Edges, binner.HasMissing, maxLeafNodes: 2, maxDepth: null, minSamplesLeaf: 20, l2: 0, learningRate: 0.1);
        var g = yr.ToDoubleArray().Select(v => -v).ToArray();
        var h = Enumerable.Repeat(1.0, n).ToArray();
        var tree = grower.Grow(g, h, new double[n], 1, 0);
        Assert.Equal(3, tree.Left.Length); // one split: the root and two leaves
        int f = tree.Feature[0];
        int nl = Enumerable.Range(0, n).Count(i => double.IsNaN(xr[i * p + f]) ? tree.MissingLeft[0] : xr[i * p + f] <= tree.Threshold[0]);
        Assert.InRange(nl, 20, n - 20);
        var parent = grower.DirectHistogram(0, n, g, h);
        var left = grower.DirectHistogram(0, nl, g, h);
        var right = grower.DirectHistogram(nl, n, g, h);
        var sibling = (HistBin[])parent.Clone();
        for (int ff = 0; ff < p; ff++) grower.SubtractFeature(sibling, left, ff);
        for (int t = 0; t < sibling.Length; t++)
        {
            Assert.Equal(right[t].N, sibling[t].N); // counts are exact
            // sums of ~2500 O(1) values: subtraction reorders additions, so agreement is to a few ulps of the total
            Assert.Equal(right[t].G, sibling[t].G, 1e-11);
            Assert.Equal(right[t].H, sibling[t].H, 1e-11);
        }
    }

    [Fact]
    public void SklearnRandomReproducesNumpyAndTreeSeeds()
    {
        // np.random.RandomState(0).randint(0, 2**31 - 1, size=3) == [209652396, 398764591, 924231285]
        var r = new SklearnRandom(0);
        Assert.Equal(new uint[] { 209652396, 398764591, 924231285 }, new[] { r.RandInt(SklearnRandom.RandRMax), r.RandInt(SklearnRandom.RandRMax), r.RandInt(SklearnRandom.RandRMax) });
    }

    [Fact]
    public void ExportTextRegressionFormat()
    {
        var x = Tensor.FromArray(new double[] { 0, 1, 2, 3 }, 4, 1);
        var y = Tensor.FromArray(new double[] { 1, 1, 5, 5 }, [4]);
        var m = new DecisionTreeRegressor(randomState: 0).Fit(x, y);
        Assert.Equal("|--- feature_0 <= 1.50\n|   |--- value: [1.00]\n|--- feature_0 >  1.50\n|   |--- value: [5.00]\n", m.ExportText());
        Assert.Equal(1, m.GetDepth());
        Assert.Equal(2, m.GetNLeaves());
        Assert.Equal(new long[] { 1, 1, 2, 2 }, m.Apply(x).ToArray<long>());
    }
}
