using Glassbox.ML;
using Glassbox.ML.Ensemble;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// Native categorical features in histogram gradient boosting (sklearn 1.2's <c>categorical_features</c>): a category
/// set is one split, categories unseen in training and NaN follow the missing direction, bad settings and bad category
/// values are rejected naming what is wrong, and the model file round-trips the category bitsets. The values against
/// sklearn 1.2.1 are the parity family "hgb_categorical".
/// </summary>
public class HistCategoricalTests
{
    /// <summary>One feature, categories 0…9 with 30 rows each (plus <paramref name="nanRows"/> NaN rows with target
    /// <paramref name="nanTarget"/>); target 1 for categories {1, 4, 6}, else 0.</summary>
    private static (Tensor X, Tensor Y) SetData(int nanRows = 0, double nanTarget = 1)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int rep = 0; rep < 30; rep++)
            for (int c = 0; c < 10; c++) { x.Add(c); y.Add(c is 1 or 4 or 6 ? 1 : 0); }
        for (int i = 0; i < nanRows; i++) { x.Add(double.NaN); y.Add(nanTarget); }
        return (Tensor.FromArray(x.ToArray(), x.Count, 1), Tensor.FromArray(y.ToArray(), [y.Count]));
    }

    private static HistGradientBoostingRegressor Stump(CategoricalFeatures? categorical) =>
        new(learningRate: 1.0, maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1, earlyStopping: false, categoricalFeatures: categorical);

    private static double[] Predict(HistGradientBoostingRegressor m, params double[] v) =>
        m.Predict(Tensor.FromArray(v, v.Length, 1)).ToDoubleArray();

    [Fact]
    public void CategorySetIsOneSplitWhereNumericNeedsSix()
    {
        var (x, y) = SetData();
        // categorical: one split {1, 4, 6} | rest; with learning rate 1 the two leaves are the two side means, 1 and 0
        // (baseline 0.3 plus a leaf step of 0.7 or −0.3; the gradients 0.7 and −0.3 are stored as float32, as sklearn
        // stores them, so the steps carry their ~6e-8 relative rounding: 1e-7)
        var cat = Stump(new[] { 0 }).Fit(x, y);
        var p = Predict(cat, Enumerable.Range(0, 10).Select(c => (double)c).ToArray());
        for (int c = 0; c < 10; c++) Assert.Equal(c is 1 or 4 or 6 ? 1.0 : 0.0, p[c], 1e-7);
        Assert.Equal(1.0, cat.Score(x, y), 12);
        // numeric: {1}, {4}, {6} are three separate intervals, 7 intervals in all → 6 splits; one split explains
        // at most the best threshold's share and even 6 leaves (5 splits) leave one interval mixed
        Assert.True(Stump(null).Fit(x, y).Score(x, y) < 0.5);
        var six = new HistGradientBoostingRegressor(learningRate: 1.0, maxIter: 1, maxLeafNodes: 6, minSamplesLeaf: 1, earlyStopping: false).Fit(x, y);
        Assert.True(six.Score(x, y) < 1 - 1e-6);
        var seven = new HistGradientBoostingRegressor(learningRate: 1.0, maxIter: 1, maxLeafNodes: 7, minSamplesLeaf: 1, earlyStopping: false).Fit(x, y);
        Assert.Equal(1.0, seven.Score(x, y), 12);
    }

    [Fact]
    public void MaskAndIndicesAreTheSameAndNoneIsTheNumericFit()
    {
        var g = new Generator(5);
        int n = 300;
        var a = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i * 3] = g.NextNormal();
            a[i * 3 + 1] = g.NextInt(6);
            a[i * 3 + 2] = g.NextDouble() < 0.1 ? double.NaN : g.NextInt(4);
            y[i] = a[i * 3] + (a[i * 3 + 1] is 2 or 5 ? 1.5 : 0) + (double.IsNaN(a[i * 3 + 2]) ? -1 : 0) + 0.1 * g.NextNormal();
        }
        var (x, yt) = (Tensor.FromArray(a, n, 3), Tensor.FromArray(y, [n]));
        HistGradientBoostingRegressor M(CategoricalFeatures? cf) => new(maxIter: 10, earlyStopping: false, categoricalFeatures: cf);
        var byIndex = M(new[] { 2, 1, 2 }).Fit(x, yt).Predict(x).ToDoubleArray();
        var byMask = M(new[] { false, true, true }).Fit(x, yt).Predict(x).ToDoubleArray();
        Assert.Equal(byIndex, byMask);
        // an empty list or an all-false mask is "no categorical feature", bit for bit
        var numeric = M(null).Fit(x, yt).Predict(x).ToDoubleArray();
        Assert.Equal(numeric, M(Array.Empty<int>()).Fit(x, yt).Predict(x).ToDoubleArray());
        Assert.Equal(numeric, M(new bool[3]).Fit(x, yt).Predict(x).ToDoubleArray());
        Assert.NotEqual(numeric, byIndex);
    }

    [Fact]
    public void UnknownCategoriesAndNaNFollowTheLargerChildWithoutNaNInTraining()
    {
        // {1, 4, 6} (90 rows) left or right, the other 210 rows on the other side: NaN and unseen categories join the 210
        var m = Stump(new[] { 0 }).Fit(SetData().X, SetData().Y);
        var p = Predict(m, 0, 1, double.NaN, 12, 200, 254, -1, -0.5, 300, 1e10, 6.7, 2.5);
        double rest = p[0], set = p[1];
        Assert.NotEqual(rest, set);
        // NaN, unseen 12/200/254, negative, ≥ 256: the missing way, i.e. the larger child
        foreach (var v in p[2..10]) Assert.Equal(rest, v);
        // a non-integer value is cut to its category, as sklearn's predictor casts it: 6.7 → 6, 2.5 → 2
        Assert.Equal(set, p[10]);
        Assert.Equal(rest, p[11]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void NaNInTrainingIsACategoryAndUnknownCategoriesFollowIt(double nanTarget)
    {
        // 40 NaN rows whose target is that of {1, 4, 6} (1) or of the rest (0): the split puts NaN with them, and a
        // category unseen in training goes wherever NaN goes
        var (x, y) = SetData(40, nanTarget);
        var m = Stump(new[] { 0 }).Fit(x, y);
        var p = Predict(m, 0, 1, double.NaN, 9, 17, 100);
        double with = nanTarget == 1 ? p[1] : p[0];
        Assert.Equal(with, p[2]);
        Assert.Equal(with, p[4]);
        Assert.Equal(with, p[5]);
        Assert.Equal(p[0], p[3]); // 9 is a known category of the rest
        Assert.Equal(1.0, m.Score(x, y), 12);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void CategoriesBelowTheSupportThresholdGoRight(int rows7, bool joinsTheSet)
    {
        // category 7 has the target of {1, 4, 6} but only rows7 rows; below sklearn's MIN_CAT_SUPPORT = 10 it is left
        // out of the ordering and lands in the right child, with the rest; at 10 rows it joins {1, 4, 6}
        var x = new List<double>();
        var y = new List<double>();
        for (int c = 0; c < 10; c++)
            for (int r = 0; r < (c == 7 ? rows7 : 30); r++) { x.Add(c); y.Add(c is 1 or 4 or 6 or 7 ? 1 : 0); }
        var m = Stump(new[] { 0 }).Fit(Tensor.FromArray(x.ToArray(), x.Count, 1), Tensor.FromArray(y.ToArray(), [y.Count]));
        var p = Predict(m, 0, 1, 7);
        Assert.NotEqual(p[0], p[1]);
        Assert.Equal(joinsTheSet ? p[1] : p[0], p[2]);
    }

    [Fact]
    public void TiedValuesSortAsGlibcQsort()
    {
        // glibc's merge sort with sklearn's comparator (never "equal") puts tied values in reverse order of input
        int[] bins = [0, 1, 2, 3];
        double[] values = [1, 1, 0, 1];
        HistGrower.SortByValue(bins, values);
        Assert.Equal(new[] { 2, 3, 1, 0 }, bins);
        Assert.Equal(new[] { 0.0, 1, 1, 1 }, values);
    }

    [Fact]
    public void InvalidCategoricalFeaturesNameTheParameter()
    {
        var (x, y) = SetData();
        var x2 = Tensor.FromArray(x.ToDoubleArray().SelectMany(v => new[] { v, 0.5 * v }).ToArray(), x.Shape[0], 2);
        void Bad(CategoricalFeatures cf, string needle)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new HistGradientBoostingRegressor(categoricalFeatures: cf).Fit(x2, y));
            Assert.Equal("CategoricalFeatures", ex.ParamName);
            Assert.Contains(needle, ex.Message);
        }
        // a fraction or a string cannot be given any more (the type allows only indices or a mask); a negative index
        // is refused before the data is seen, an index past the last feature and a mask of the wrong length at Fit
        Bad(new[] { -1 }, "feature indices in [0, n_features − 1], got [-1]");
        Bad(new[] { 2 }, "[0, 1] (got 2)");
        Bad(new[] { true }, "mask of length n_features = 2 (got length 1)");
    }

    [Theory]
    [InlineData(-1.0, 255, "-1 at row 7")]
    [InlineData(2.5, 255, "2.5 at row 7")]
    [InlineData(255.0, 255, "values < max_bins = 255")]
    [InlineData(300.0, 255, "300 at row 7")]
    [InlineData(12.0, 11, "values < max_bins = 11")]
    [InlineData(double.PositiveInfinity, 255, "X contains")]
    public void BadCategoryValuesAreRejected(double value, int maxBins, string needle)
    {
        var (x, y) = SetData();
        var a = x.ToDoubleArray();
        a[7] = value;
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            new HistGradientBoostingClassifier(maxBins: maxBins, categoricalFeatures: new[] { 0 })
                .Fit(Tensor.FromArray(a, a.Length, 1), Tensor.FromArray(y.ToDoubleArray().Select(v => (long)v).ToArray(), [a.Length])));
        Assert.Contains("HistGradientBoostingClassifier", ex.Message);
        Assert.Contains(needle, ex.Message);
    }

    [Fact]
    public void MoreCategoriesThanMaxBinsIsAnError()
    {
        var (x, y) = SetData();
        var ex = Assert.ThrowsAny<ArgumentException>(() => new HistGradientBoostingRegressor(maxBins: 8, categoricalFeatures: new[] { 0 }).Fit(x, y));
        Assert.Contains("cardinality ≤ max_bins = 8, got 10", ex.Message);
    }

    [Fact]
    public void SaveLoadRoundTripsCategoricalSplits()
    {
        var g = new Generator(11);
        int n = 400;
        var a = new double[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            a[i * 2] = g.NextNormal();
            a[i * 2 + 1] = g.NextDouble() < 0.1 ? double.NaN : g.NextInt(12);
            double s = a[i * 2] + (a[i * 2 + 1] is 3 or 7 or 8 ? 1.5 : a[i * 2 + 1] is 0 ? -1.5 : 0) + 0.5 * g.NextNormal();
            y[i] = s > 0.8 ? 2 : s > -0.3 ? 1 : 0;
        }
        var x = Tensor.FromArray(a, n, 2);
        var m = new HistGradientBoostingClassifier(maxIter: 12, earlyStopping: false, categoricalFeatures: new[] { false, true }).Fit(x, Tensor.FromArray(y, [n]));
        var probe = Tensor.FromArray(new[] { 0.1, 3, -0.4, double.NaN, 1.0, 15, 0.3, -2, 2.0, 0, -1.0, 7.9 }, 6, 2);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-hgb-cat-{Guid.NewGuid():N}.json");
        try
        {
            m.Save(path);
            Assert.Contains("cat_left", File.ReadAllText(path));
            var loaded = HistGradientBoostingClassifier.Load(path);
            Assert.Equal(new[] { false, true }, loaded.CategoricalFeatures);
            Assert.Equal(m.DecisionFunction(x).ToDoubleArray(), loaded.DecisionFunction(x).ToDoubleArray());
            Assert.Equal(m.PredictProba(probe).ToDoubleArray(), loaded.PredictProba(probe).ToDoubleArray());
            // an int[] setting reads back as an int[]
            var r = new HistGradientBoostingRegressor(maxIter: 5, earlyStopping: false, categoricalFeatures: new[] { 1 }).Fit(x, Tensor.FromArray(y.Select(v => (double)v).ToArray(), [n]));
            r.Save(path);
            var lr = HistGradientBoostingRegressor.Load(path);
            Assert.Equal(new[] { 1 }, lr.CategoricalFeatures);
            Assert.Equal(r.Predict(probe).ToDoubleArray(), lr.Predict(probe).ToDoubleArray());
        }
        finally { File.Delete(path); }
    }
}
