using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.Testing.Parity;
using Glassbox.ML.Tree;

namespace Glassbox.Tests.ML;

/// <summary>
/// sample_weight in the tree family, by property: integer weights are repeated rows, zero weights are removed rows,
/// forests weight their bootstrap draws without changing them. The comparison with sklearn (decision trees and gradient
/// boosting) is the "sample_weight_trees" family of the parity table (<see cref="ParityTable"/>).
/// </summary>
public class SampleWeightTreeTests
{
    /// <summary>Continuous features (no ties), a regression target, a 3-class target and integer weights 0..3.</summary>
    private static (double[] X, double[] YReg, double[] Y3, double[] W, int N, int P) Data(int n = 60, int p = 4, int seed = 7)
    {
        var r = new Random(seed);
        var x = new double[n * p];
        for (int i = 0; i < x.Length; i++) x[i] = r.NextDouble() * 4 - 2;
        var yr = new double[n];
        var y3 = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = x[i * p], b = x[i * p + 1], c = x[i * p + 2];
            yr[i] = 1.5 * a - 2 * b + Math.Sin(2 * c) + 0.3 * (r.NextDouble() - 0.5);
            double s = a - 0.7 * b + 0.8 * (r.NextDouble() - 0.5);
            y3[i] = s > 0.8 ? 2 : s > -0.5 ? 1 : 0;
            w[i] = r.Next(4);                  // 0, 1, 2 or 3 copies
        }
        w[0] = 2; w[1] = 3;                    // every class keeps positive weight in practice; asserted below
        return (x, yr, y3, w, n, p);
    }

    /// <summary>Each row i repeated w[i] times (weight 0: left out).</summary>
    private static (Tensor X, Tensor Y) Repeat(double[] x, double[] y, double[] w, int p)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < y.Length; i++)
            for (int k = 0; k < (int)w[i]; k++)
            {
                xs.AddRange(x.AsSpan(i * p, p).ToArray());
                ys.Add(y[i]);
            }
        return (Tensor.FromArray(xs.ToArray(), ys.Count, p), Tensor.FromArray(ys.ToArray(), [ys.Count]));
    }

    private static Tensor M(double[] x, int n, int p) => Tensor.FromArray(x, n, p);
    private static Tensor V(double[] v) => Tensor.FromArray(v, [v.Length]);

    private static Tensor TestRows(int p, int m = 50, int seed = 99)
    {
        var r = new Random(seed);
        var x = new double[m * p];
        for (int i = 0; i < x.Length; i++) x[i] = r.NextDouble() * 4 - 2;
        return M(x, m, p);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double relTol)
    {
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= relTol * Math.Max(1, Math.Abs(e[i])), $"[{i}]: expected {e[i]}, got {a[i]}");
    }

    [Theory]
    [InlineData(Criterion.Gini)]
    [InlineData(Criterion.Entropy)]
    public void ClassifierIntegerWeightsAreRepeatedRows(Criterion criterion)
    {
        var (x, _, y3, w, n, p) = Data();
        var (xr, yr) = Repeat(x, y3, w, p);
        var xt = TestRows(p);
        var weighted = new DecisionTreeClassifier(criterion, randomState: 3).Fit(M(x, n, p), V(y3), V(w));
        var repeated = new DecisionTreeClassifier(criterion, randomState: 3).Fit(xr, yr);
        // class sums are whole numbers either way (exact in double), so the trees are the same and so are the
        // leaf frequencies, bit for bit; only n_node_samples differs (rows vs copies)
        Assert.Equal(repeated.PredictProba(xt).ToDoubleArray(), weighted.PredictProba(xt).ToDoubleArray());
        Assert.Equal(repeated.Tree.Feature.ToDoubleArray(), weighted.Tree.Feature.ToDoubleArray());
        Assert.Equal(repeated.Tree.Threshold.ToDoubleArray(), weighted.Tree.Threshold.ToDoubleArray());
        Assert.Equal(repeated.Tree.WeightedNNodeSamples.ToDoubleArray(), weighted.Tree.WeightedNNodeSamples.ToDoubleArray());
    }

    [Fact]
    public void RegressorIntegerWeightsAreRepeatedRows()
    {
        // Whole-number targets keep every weighted sum (Σwy, Σwy²) exact, as the copies' sums are: with real-valued y,
        // 3·y and y + y + y round differently, and in the small nodes of a full-depth tree, where several features
        // split the rows identically, that last-bit difference picks a different (equally good) feature.
        var (x, yReg, _, w, n, p) = Data();
        var yInt = yReg.Select(v => Math.Round(10 * v)).ToArray();
        var (xr, yr) = Repeat(x, yInt, w, p);
        var xt = TestRows(p);
        var weighted = new DecisionTreeRegressor(randomState: 3).Fit(M(x, n, p), V(yInt), V(w));
        var repeated = new DecisionTreeRegressor(randomState: 3).Fit(xr, yr);
        Assert.Equal(repeated.Tree.Feature.ToDoubleArray(), weighted.Tree.Feature.ToDoubleArray());
        Assert.Equal(repeated.Tree.Threshold.ToDoubleArray(), weighted.Tree.Threshold.ToDoubleArray());
        Assert.Equal(repeated.Predict(xt).ToDoubleArray(), weighted.Predict(xt).ToDoubleArray());
    }

    [Fact]
    public void ZeroWeightIsARemovedRow()
    {
        var (x, yReg, y3, w, n, p) = Data();
        var keep = Enumerable.Range(0, n).Where(i => w[i] > 0).ToArray();
        var xs = keep.SelectMany(i => x.AsSpan(i * p, p).ToArray()).ToArray();
        var ones = w.Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        var xt = TestRows(p);
        Assert.Equal(3, keep.Select(i => y3[i]).Distinct().Count());
        var c0 = new DecisionTreeClassifier(randomState: 1).Fit(M(x, n, p), V(y3), V(ones));
        var c1 = new DecisionTreeClassifier(randomState: 1).Fit(M(xs, keep.Length, p), V(keep.Select(i => y3[i]).ToArray()));
        Assert.Equal(c1.PredictProba(xt).ToDoubleArray(), c0.PredictProba(xt).ToDoubleArray());
        // sklearn drops zero-weight rows before growing: they are not samples (n_node_samples, min_samples_leaf)
        Assert.Equal(c1.Tree.NNodeSamples.ToDoubleArray(), c0.Tree.NNodeSamples.ToDoubleArray());
        var r0 = new DecisionTreeRegressor(minSamplesLeaf: 3, randomState: 1).Fit(M(x, n, p), V(yReg), V(ones));
        var r1 = new DecisionTreeRegressor(minSamplesLeaf: 3, randomState: 1).Fit(M(xs, keep.Length, p), V(keep.Select(i => yReg[i]).ToArray()));
        Assert.Equal(r1.Predict(xt).ToDoubleArray(), r0.Predict(xt).ToDoubleArray());
        Assert.Equal(r1.Tree.NNodeSamples.ToDoubleArray(), r0.Tree.NNodeSamples.ToDoubleArray());
    }

    [Theory]
    [InlineData("squared_error")]
    [InlineData("log_loss")]
    [InlineData("log_loss3")]
    [InlineData("exponential")]
    public void BoostingIntegerWeightsAreRepeatedRows(string loss)
    {
        // Not absolute_error / huber / quantile: there sklearn's weighted F₀ is the lower weighted percentile while the
        // repeated rows get np.percentile's interpolated one, and Huber's leaf step is a plain mean over rows, not copies.
        // depth-2 trees on 200 rows: nodes stay large, so no two features split a node's rows identically (in small
        // nodes such exact ties are decided by last-bit rounding, which weighted sums and sums over copies do differently)
        var (x, yReg, y3, w, n, p) = Data(n: 200);
        var y = loss == "squared_error" ? yReg : loss == "log_loss3" ? y3 : y3.Select(v => v == 2 ? 1.0 : 0.0).ToArray();
        var (xr, yr) = Repeat(x, y, w, p);
        var xt = TestRows(p);
        Tensor a, b;
        if (loss == "squared_error")
        {
            a = new GradientBoostingRegressor(nEstimators: 30, maxDepth: 2, randomState: 5).Fit(M(x, n, p), V(y), V(w)).Predict(xt);
            b = new GradientBoostingRegressor(nEstimators: 30, maxDepth: 2, randomState: 5).Fit(xr, yr).Predict(xt);
        }
        else
        {
            var l = loss == "exponential" ? GradientBoostingClassifierLoss.Exponential : GradientBoostingClassifierLoss.LogLoss;
            a = new GradientBoostingClassifier(l, nEstimators: 30, maxDepth: 2, randomState: 5).Fit(M(x, n, p), V(y), V(w)).DecisionFunction(xt);
            b = new GradientBoostingClassifier(l, nEstimators: 30, maxDepth: 2, randomState: 5).Fit(xr, yr).DecisionFunction(xt);
        }
        // the same trees; weighted sums (w·r) and sums over copies differ only by rounding (agreement to 1e-14 on
        // this data; 1e-9 leaves room for other platforms' exp/log)
        AssertClose(b, a, 1e-9);
    }

    [Fact]
    public void BoostingTrainScoreIsTheWeightedMeanLoss()
    {
        var (x, yReg, _, w, n, p) = Data();
        var m = new GradientBoostingRegressor(nEstimators: 5, randomState: 5).Fit(M(x, n, p), V(yReg), V(w));
        var pred = m.Predict(M(x, n, p)).ToDoubleArray();
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) { num += w[i] * (yReg[i] - pred[i]) * (yReg[i] - pred[i]); den += w[i]; }
        Assert.Equal(num / den, m.TrainScore.ToDoubleArray()[^1], 12);
        // F₀ is the weighted mean
        Assert.Equal(Enumerable.Range(0, n).Sum(i => w[i] * yReg[i]) / den, m.InitPrediction, 12);
    }

    [Fact]
    public void BoostingClassifierNeedsTwoClassesWithPositiveWeight()
    {
        var (x, _, y3, _, n, p) = Data();
        var yb = y3.Select(v => v == 2 ? 1.0 : 0.0).ToArray();
        var w = yb.Select(v => v == 1 ? 0.0 : 1.0).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => new GradientBoostingClassifier(nEstimators: 3).Fit(M(x, n, p), V(yb), V(w)));
        Assert.Contains("GradientBoostingClassifier.Fit", ex.Message);
        Assert.Contains("sample_weight", ex.Message);
    }

    [Fact]
    public void ForestWeightsOfOneAreTheUnweightedForest()
    {
        var (x, yReg, y3, _, n, p) = Data();
        var ones = V(Enumerable.Repeat(1.0, n).ToArray());
        var xt = TestRows(p);
        var c0 = new RandomForestClassifier(20, randomState: 4, oobScore: true).Fit(M(x, n, p), V(y3));
        var c1 = new RandomForestClassifier(20, randomState: 4, oobScore: true).Fit(M(x, n, p), V(y3), ones);
        Assert.Equal(c0.PredictProba(xt).ToDoubleArray(), c1.PredictProba(xt).ToDoubleArray());
        Assert.Equal(c0.OobScoreFitted, c1.OobScoreFitted);
        var r0 = new RandomForestRegressor(20, randomState: 4).Fit(M(x, n, p), V(yReg));
        var r1 = new RandomForestRegressor(20, randomState: 4).Fit(M(x, n, p), V(yReg), ones);
        Assert.Equal(r0.Predict(xt).ToDoubleArray(), r1.Predict(xt).ToDoubleArray());
    }

    [Fact]
    public void ForestWeightsFavouringAClassShiftPredictionsTowardsIt()
    {
        var (x, _, y3, _, n, p) = Data(n: 200);
        var yb = y3.Select(v => v == 2 ? 1.0 : 0.0).ToArray();
        var xt = TestRows(p, 400);
        var w = yb.Select(v => v == 1 ? 10.0 : 1.0).ToArray();
        var plain = new RandomForestClassifier(50, minSamplesLeaf: 5, randomState: 2).Fit(M(x, n, p), V(yb));
        var heavy = new RandomForestClassifier(50, minSamplesLeaf: 5, randomState: 2).Fit(M(x, n, p), V(yb), V(w));
        double p0 = plain.PredictProba(xt).ToDoubleArray().Where((_, i) => i % 2 == 1).Average();
        double p1 = heavy.PredictProba(xt).ToDoubleArray().Where((_, i) => i % 2 == 1).Average();
        int pos0 = plain.Predict(xt).ToDoubleArray().Count(v => v == 1), pos1 = heavy.Predict(xt).ToDoubleArray().Count(v => v == 1);
        // a tenfold weight on class 1 moves the leaf frequencies towards it: clearly more mass and more positive calls
        Assert.True(p1 > p0 + 0.05, $"mean P(1): unweighted {p0:F3}, weighted {p1:F3}");
        Assert.True(pos1 > pos0, $"positive calls: unweighted {pos0}, weighted {pos1}");
    }

    [Fact]
    public void ForestOutOfBagRowsAreTheUndrawnRowsAndTheScoreIsUnweighted()
    {
        var (x, yReg, y3, w, n, p) = Data();
        var c0 = new RandomForestClassifier(4, randomState: 8, oobScore: true).Fit(M(x, n, p), V(y3));
        var c1 = new RandomForestClassifier(4, randomState: 8, oobScore: true).Fit(M(x, n, p), V(y3), V(w));
        var d0 = c0.OobDecisionFunction.ToDoubleArray();
        var d1 = c1.OobDecisionFunction.ToDoubleArray();
        // the weights do not change the draws: the same rows are out of bag of no tree (all-zero rows) in both fits,
        // rows of weight 0 included (drawn but weightless is still in bag, as in sklearn)
        for (int i = 0; i < n; i++)
            Assert.Equal(d0.AsSpan(i * 3, 3).ToArray().All(v => v == 0), d1.AsSpan(i * 3, 3).ToArray().All(v => v == 0));
        // oob_score_ is accuracy_score(y, argmax oob_decision_function_) without sample_weight
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < 3; c++) if (d1[i * 3 + c] > d1[i * 3 + best]) best = c;
            if (best == (int)y3[i]) correct++;
        }
        Assert.Equal((double)correct / n, c1.OobScoreFitted, 15);
        var r = new RandomForestRegressor(10, randomState: 8, oobScore: true).Fit(M(x, n, p), V(yReg), V(w));
        var o = r.OobPrediction.ToDoubleArray();
        double mean = yReg.Average(), ssr = 0, sst = 0;
        for (int i = 0; i < n; i++) { ssr += (yReg[i] - o[i]) * (yReg[i] - o[i]); sst += (yReg[i] - mean) * (yReg[i] - mean); }
        Assert.Equal(1 - ssr / sst, r.OobScoreFitted, 12);
    }

    [Fact]
    public void ForestWithoutBootstrapIntegerWeightsAreRepeatedRows()
    {
        // bootstrap = false: every tree sees all rows with the given weights; max_features = 1.0 visits all features at
        // every node, so the seed only orders the visits (which matters on exact ties only) and both forests draw the
        // same splitter seeds per tree
        var (x, yReg, y3, w, n, p) = Data();
        var xt = TestRows(p);
        var (xr, y3r) = Repeat(x, y3, w, p);
        var c0 = new RandomForestClassifier(5, maxFeatures: 1.0, bootstrap: false, randomState: 6).Fit(M(x, n, p), V(y3), V(w));
        var c1 = new RandomForestClassifier(5, maxFeatures: 1.0, bootstrap: false, randomState: 6).Fit(xr, y3r);
        Assert.Equal(c1.PredictProba(xt).ToDoubleArray(), c0.PredictProba(xt).ToDoubleArray());
        // whole-number targets keep the regression sums exact (see RegressorIntegerWeightsAreRepeatedRows)
        var yInt = yReg.Select(v => Math.Round(10 * v)).ToArray();
        var (_, yrr) = Repeat(x, yInt, w, p);
        var r0 = new RandomForestRegressor(5, bootstrap: false, randomState: 6).Fit(M(x, n, p), V(yInt), V(w));
        var r1 = new RandomForestRegressor(5, bootstrap: false, randomState: 6).Fit(xr, yrr);
        Assert.Equal(r1.Predict(xt).ToDoubleArray(), r0.Predict(xt).ToDoubleArray());
    }
}
