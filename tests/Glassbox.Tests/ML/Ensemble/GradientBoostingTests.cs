using System.Text.Json.Nodes;
using Glassbox.ML;
using Glassbox.ML.Ensemble;
using Glassbox.Testing;
using Glassbox.Testing.Parity;
using Glassbox.ML.Replay;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// GradientBoostingRegressor / GradientBoostingClassifier against scikit-learn 1.2 (tools/reference/sklearn_gb_fixtures.py:
/// squared error, absolute error with median leaves, Huber, quantile, binary and 3-class log loss, exponential, subsample
/// &lt; 1), plus the subsample determinism, the init / staged-prediction invariants and the quantile loss's coverage.
/// </summary>
public class GradientBoostingTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn");
    private static readonly JsonObject Root = SklearnFixture.Load(Folder, "gradient_boosting");

    public static TheoryData<int> CaseIndices()
    {
        var d = new TheoryData<int>();
        for (int i = 0; i < SklearnFixture.Cases(Root).Count(); i++) d.Add(i);
        return d;
    }

    // 1e-8 absolute on decision values of magnitude ≤ ~10: the data have no ties and sklearn's random streams are
    // reproduced, so trees are identical and only last-bit rounding of the sums (grown over ≤ 30 stages) differs.
    [Theory, MemberData(nameof(CaseIndices))]
    public void DecisionFunctionMatchesSklearn(int index)
    {
        var c = SklearnFixture.Cases(Root).ElementAt(index);
        var x = Fixtures.Tensor(Root["X"]);
        var xt = Fixtures.Tensor(Root["X_test"]);
        var y = Fixtures.Tensor(c["y"]);
        Tensor df, trainDf, ts, fi;
        if (c["estimator"]!.GetValue<string>() == "GradientBoostingRegressor")
        {
            var e = ParityTable.GradientBoostingFromFixture<GradientBoostingRegressor>(c).Fit(x, y);
            (df, trainDf, ts, fi) = (e.Predict(xt), e.Predict(x), e.TrainScore, e.FeatureImportances);
        }
        else
        {
            var e = ParityTable.GradientBoostingFromFixture<GradientBoostingClassifier>(c).Fit(x, y);
            (df, trainDf, ts, fi) = (e.DecisionFunction(xt), e.DecisionFunction(x), e.TrainScore, e.FeatureImportances);
            Assert.True(Fixtures.MaxAbsDiff(e.PredictProba(xt), Fixtures.Tensor(c["predict_proba"])) < 1e-8);
            Assert.Equal(Fixtures.Tensor(c["predict"]).ToArray<long>(), e.Predict(xt).ToArray<long>());
        }
        Assert.True(Fixtures.MaxAbsDiff(df, Fixtures.Tensor(c["decision_function"])) < 1e-8, "test decision function");
        Assert.True(Fixtures.MaxAbsDiff(trainDf, Fixtures.Tensor(c["train_decision"])) < 1e-8, "train decision function");
        Assert.True(Fixtures.MaxAbsDiff(ts, Fixtures.Tensor(c["train_score"])) < 1e-8, "train_score_");
        // importances are ratios of impurity sums over the same trees: agreement to rounding
        Assert.True(Fixtures.MaxAbsDiff(fi, Fixtures.Tensor(c["feature_importances"])) < 1e-10, "feature_importances_");
        Assert.Equal(1.0, fi.ToDoubleArray().Sum(), 12);
    }

    private static (Tensor X, Tensor Y, Tensor Yc) Data(int n = 120, ulong seed = 5)
    {
        var g = new Generator(seed);
        var x = new double[n * 3];
        for (int i = 0; i < x.Length; i++) x[i] = g.NextNormal();
        var y = new double[n];
        var yc = new long[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = 2 * x[i * 3] - x[i * 3 + 1] + 0.2 * g.NextNormal();
            yc[i] = y[i] > 0.5 ? 1 : y[i] > -0.5 ? 0 : 7;
        }
        return (Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]), Tensor.FromArray(yc, [n]));
    }

    [Fact]
    public void SubsampleIsDeterministicForAFixedSeed()
    {
        var (x, y, yc) = Data();
        var a = new GradientBoostingRegressor(subsample: 0.5, nEstimators: 20, randomState: 3).Fit(x, y).Predict(x).ToDoubleArray();
        var b = new GradientBoostingRegressor(subsample: 0.5, nEstimators: 20, randomState: 3).Fit(x, y).Predict(x).ToDoubleArray();
        var other = new GradientBoostingRegressor(subsample: 0.5, nEstimators: 20, randomState: 4).Fit(x, y).Predict(x).ToDoubleArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        var pa = new GradientBoostingClassifier(subsample: 0.6, nEstimators: 10, randomState: 1).Fit(x, yc).PredictProba(x).ToDoubleArray();
        var pb = new GradientBoostingClassifier(subsample: 0.6, nEstimators: 10, randomState: 1).Fit(x, yc).PredictProba(x).ToDoubleArray();
        Assert.Equal(pa, pb);
    }

    [Fact]
    public void InitPredictionIsTheLossOptimum()
    {
        var (x, y, yc) = Data();
        var yr = y.ToDoubleArray();
        Assert.Equal(yr.Average(), new GradientBoostingRegressor(nEstimators: 1).Fit(x, y).InitPrediction, 12);
        // interpolated median for even n (np.percentile(y, 50), what sklearn's unweighted DummyRegressor uses)
        var sorted = yr.OrderBy(v => v).ToArray();
        Assert.Equal(0.5 * (sorted[yr.Length / 2 - 1] + sorted[yr.Length / 2]),
            new GradientBoostingRegressor(GradientBoostingRegressorLoss.AbsoluteError, nEstimators: 1).Fit(x, y).InitPrediction, 12);
        var clf = new GradientBoostingClassifier(nEstimators: 1).Fit(x, yc);
        var labels = yc.ToArray<long>();
        var init = clf.InitPrediction.ToDoubleArray();
        long[] cls = [0, 1, 7];
        for (int k = 0; k < 3; k++) Assert.Equal(Math.Log(labels.Count(v => v == cls[k]) / (double)labels.Length), init[k], 12);
    }

    [Fact]
    public void StagedPredictionsEndAtThePrediction()
    {
        var (x, y, yc) = Data();
        var r = new GradientBoostingRegressor(nEstimators: 7, randomState: 0).Fit(x, y);
        var staged = r.StagedPredict(x).ToList();
        Assert.Equal(7, staged.Count);
        Assert.Equal(r.Predict(x).ToDoubleArray(), staged[^1].ToDoubleArray());
        // squared-error training loss never increases with ν = 0.1 and least-squares leaves
        var ts = r.TrainScore.ToDoubleArray();
        for (int m = 1; m < ts.Length; m++) Assert.True(ts[m] <= ts[m - 1]);
        var c = new GradientBoostingClassifier(nEstimators: 5, randomState: 0).Fit(x, yc);
        Assert.Equal(c.PredictProba(x).ToDoubleArray(), c.StagedPredictProba(x).Last().ToDoubleArray());
        Assert.Equal(5, c.Estimators.Count);
        Assert.Equal(3, c.Estimators[0].Length);
    }

    [Fact]
    public void QuantileLossCoversItsShareOfTheTargetsAndExponentialNeedsTwoClasses()
    {
        var (x, y, yc) = Data();
        var yr = y.ToDoubleArray();
        // the pinball loss's minimiser puts a share alpha of the training targets at or below the fit (deep trees, many
        // stages: the fit interpolates within leaves, so allow the 1/leaf-size granularity)
        foreach (var alpha in new[] { 0.2, 0.8 })
        {
            var pred = new GradientBoostingRegressor(GradientBoostingRegressorLoss.Quantile, alpha: alpha, nEstimators: 200, learningRate: 0.2, randomState: 0)
                .Fit(x, y).Predict(x).ToDoubleArray();
            double below = yr.Zip(pred).Count(t => t.First <= t.Second + 1e-12) / (double)yr.Length;
            Assert.InRange(below, alpha - 0.1, alpha + 0.1);
        }
        // the quantile's init is np.percentile(y, 100·alpha)
        var sorted = yr.OrderBy(v => v).ToArray();
        double pos = 0.3 * (yr.Length - 1);
        int lo = (int)pos;
        Assert.Equal(sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (pos - lo),
            new GradientBoostingRegressor(GradientBoostingRegressorLoss.Quantile, alpha: 0.3, nEstimators: 1).Fit(x, y).InitPrediction, 12);
        var ex = Assert.Throws<ArgumentException>(() => new GradientBoostingClassifier(GradientBoostingClassifierLoss.Exponential, nEstimators: 2).Fit(x, yc));
        Assert.Contains("2 classes", ex.Message);
    }

    [Fact]
    public void EarlyStoppingHoldsOutSklearnsRows()
    {
        // the replayed train_test_split against sklearn's own (same seed, fraction and stratification)
        int checkedCases = 0;
        int n = Fixtures.Tensor(Root["X"]).Shape[0];
        foreach (var c in SklearnFixture.Cases(Root))
        {
            if (c["split_test"] is null) continue;
            bool clf = c["estimator"]!.GetValue<string>() == "GradientBoostingClassifier";
            var labels = Fixtures.Tensor(c["y"]).ToDoubleArray();
            var classes = labels.Distinct().Order().ToList();
            int[]? strata = clf ? labels.Select(v => classes.IndexOf(v)).ToArray() : null;
            double vf = ((JsonObject)c["params"]!)["validation_fraction"]!.GetValue<double>();
            var (train, test) = Glassbox.ML.Replay.SklearnTrainTestSplit.Split(n, vf, strata, 0, "test");
            Assert.Equal(Fixtures.Tensor(c["split_train"]).ToArray<long>().Select(v => (int)v), train);
            Assert.Equal(Fixtures.Tensor(c["split_test"]).ToArray<long>().Select(v => (int)v), test);
            checkedCases++;
        }
        Assert.Equal(4, checkedCases);
    }

    [Fact]
    public void EarlyStoppingStopsWhenTheValidationLossStallsAndChecksItsParameters()
    {
        var (x, y, yc) = Data(200);
        var full = new GradientBoostingRegressor(nEstimators: 300, learningRate: 0.5, randomState: 0).Fit(x, y);
        var early = new GradientBoostingRegressor(nEstimators: 300, learningRate: 0.5, randomState: 0, nIterNoChange: 5).Fit(x, y);
        Assert.Equal(300, full.NEstimatorsFitted);
        Assert.InRange(early.NEstimatorsFitted, 6, 299);
        Assert.Equal(early.NEstimatorsFitted, early.TrainScore.Shape[0]);
        Assert.Equal(early.NEstimatorsFitted, early.StagedPredict(x).Count());
        // tol so large that no finite loss counts as an improvement: the history starts at +∞, so the first
        // n_iter_no_change stages fill it, and the next one stops the fit (and is kept): n_iter_no_change + 1 stages
        var impatient = new GradientBoostingClassifier(nEstimators: 50, randomState: 0, nIterNoChange: 2, tol: 1e9).Fit(x, yc);
        Assert.Equal(3, impatient.NEstimatorsFitted);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingRegressor(nIterNoChange: 0).Fit(x, y));
        Assert.Equal("NIterNoChange", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GradientBoostingRegressor(nIterNoChange: 2, validationFraction: 1.0).Fit(x, y));
        Assert.Equal("ValidationFraction", ex.ParamName);
    }

    [Fact]
    public void OobImprovementExistsOnlyWithSubsamplingAndSurvivesSaveLoad()
    {
        var (x, y, _) = Data(150);
        var sub = new GradientBoostingRegressor(nEstimators: 40, subsample: 0.5, randomState: 2).Fit(x, y);
        var oob = sub.OobImprovement.ToDoubleArray();
        Assert.Equal(40, oob.Length);
        Assert.True(oob.Take(5).All(v => v > 0), "early stages improve the out-of-bag loss");
        var path = Path.Combine(Path.GetTempPath(), $"gb-oob-{Guid.NewGuid():N}.json");
        try
        {
            sub.Save(path);
            var loaded = (GradientBoostingRegressor)Glassbox.ML.ModelFile.Load(path);
            Assert.Equal(oob, loaded.OobImprovement.ToDoubleArray());
        }
        finally { File.Delete(path); }
        var full = new GradientBoostingRegressor(nEstimators: 5, randomState: 2).Fit(x, y);
        Assert.Throws<InvalidOperationException>(() => full.OobImprovement);
    }
}
