using System.Text.Json.Nodes;
using Glassbox.ML.Linear;
using Glassbox.ML.Metrics;
using Glassbox.ML.ModelSelection;
using Glassbox.ML.NaiveBayes;
using Glassbox.ML.Svm;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Toolbox;

/// <summary>
/// Decision-threshold tuning: <see cref="FixedThresholdClassifier"/> and <see cref="TunedThresholdClassifierCV"/>.
/// scikit-learn 1.2 has neither, so the tuned values are checked against a NumPy transcription of scikit-learn 1.5's
/// algorithm built on 1.2's folds, GaussianNB and metric functions (tools/reference/sklearn_imbalance_fixtures.py,
/// "threshold"), and the objective itself against counts worked out by hand.
/// </summary>
public class ThresholdTests
{
    private static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "imbalance");

    public static TheoryData<int> FixtureCases()
    {
        var d = new TheoryData<int>();
        for (int i = 0; i < Root["threshold"]!.AsArray().Count; i++) d.Add(i);
        return d;
    }

    private static ThresholdObjective ObjectiveOf(JsonObject c) => c["scoring"]!.GetValue<string>() switch
    {
        "balanced_accuracy" => ThresholdObjective.BalancedAccuracy,
        "f1" => ThresholdObjective.F1,
        "cost" => ThresholdObjective.Cost(c["arg"]![0]!.GetValue<double>(), c["arg"]![1]!.GetValue<double>(), c["arg"]![2]!.GetValue<double>(), c["arg"]![3]!.GetValue<double>()),
        _ => ThresholdObjective.PrecisionAtRecall(c["arg"]!.GetValue<double>()),
    };

    [Theory, MemberData(nameof(FixtureCases))]
    public void TunedThresholdMatchesTheTranscribedAlgorithm(int index)
    {
        var c = Root["threshold"]![index]!.AsObject();
        var x = Fixtures.Tensor(Root["X"]);
        var y = Fixtures.Tensor(Root["y"]);
        var m = new TunedThresholdClassifierCV(new GaussianNB(), ObjectiveOf(c), thresholds: c["thresholds"]!.GetValue<int>(), cv: c["cv"]!.GetValue<int>(),
            posLabel: c["pos_label"]!.GetValue<long>()).Fit(x, y);
        // GaussianNB's probabilities agree with sklearn's to ~1e-15, far below the gaps between scores and cuts, so every
        // count is the same and the curves differ by rounding only; 1e-9 leaves room for the interpolation's 1/Δcut
        Assert.True(ToolboxFixture.MaxDiff(Fixtures.Tensor(c["decision_thresholds"]).ToDoubleArray(), m.DecisionThresholds.ToDoubleArray()) < 1e-12);
        Assert.True(ToolboxFixture.MaxDiff(Fixtures.Tensor(c["scores"]).ToDoubleArray(), m.ObjectiveScores.ToDoubleArray()) < 1e-9);
        Assert.Equal(c["best_threshold"]!.GetValue<double>(), m.BestThreshold, 1e-12);
        Assert.Equal(c["best_score"]!.GetValue<double>(), m.BestScore, 1e-9);
        // predictions cut the refitted model's probability of the positive class at the best threshold
        var p = new GaussianNB().Fit(x, y).PredictProba(x).ToDoubleArray();
        long pos = c["pos_label"]!.GetValue<long>(), neg = pos == 8 ? 3 : 8;
        int col = pos == 8 ? 1 : 0;
        var expected = Enumerable.Range(0, x.Shape[0]).Select(i => p[i * 2 + col] >= m.BestThreshold ? pos : neg).ToArray();
        Assert.Equal(expected, m.Predict(x).ToArray<long>());
    }

    [Fact]
    public void ObjectivesFromHandCountedConfusions()
    {
        // scores 0.1 (neg), 0.4 (pos), 0.35 (neg), 0.8 (pos); at each cut, rows with score ≥ cut are predicted positive:
        //   cut 0.1 : TP 2 FP 2 TN 0 FN 0     cut 0.35: TP 2 FP 1 TN 1 FN 0     cut 0.4: TP 2 FP 0 TN 2 FN 0
        //   cut 0.8 : TP 1 FP 0 TN 2 FN 1     cut 0.9 : TP 0 FP 0 TN 2 FN 2
        double[] s = [0.1, 0.4, 0.35, 0.8];
        bool[] truth = [false, true, false, true];
        double[] cuts = [0.1, 0.35, 0.4, 0.8, 0.9];
        void Check(ThresholdObjective o, double[] expected)
        {
            var got = TunedThresholdClassifierCV.ObjectiveCurve(s, truth, cuts, o);
            for (int j = 0; j < cuts.Length; j++) Assert.Equal(expected[j], got[j], 15);
        }
        Check(ThresholdObjective.BalancedAccuracy, [0.5, 0.75, 1.0, 0.75, 0.5]);
        Check(ThresholdObjective.F1, [4.0 / 6, 0.8, 1.0, 2.0 / 3, 0.0]); // no positive at all: 0, sklearn's zero_division value
        Check(ThresholdObjective.Cost(0, 1, 5, 0), [-0.5, -0.25, 0.0, -1.25, -2.5]);
        // recall ≥ 0.75 holds up to cut 0.4; below it the value is recall − 1 (−0.5 and −1), under every feasible one
        Check(ThresholdObjective.PrecisionAtRecall(0.75), [0.5, 2.0 / 3, 1.0, -0.5, -1.0]);
    }

    [Fact]
    public void InterpolationAndGridFollowNumPy()
    {
        // np.linspace(0.2, 0.9, 8) = 0.2 + 0.1·i with the end exactly 0.9
        var t = TunedThresholdClassifierCV.Linspace(0.2, 0.9, 8);
        Assert.Equal(0.9, t[^1]);
        for (int i = 0; i < 8; i++) Assert.Equal(0.2 + 0.1 * i, t[i], 15);
        double[] xp = [1, 2, 4], fp = [10, 20, 0];
        Assert.Equal(10, TunedThresholdClassifierCV.Interp(0.5, xp, fp)); // held constant below the range
        Assert.Equal(0, TunedThresholdClassifierCV.Interp(9, xp, fp)); // and above it
        Assert.Equal(15, TunedThresholdClassifierCV.Interp(1.5, xp, fp), 15);
        Assert.Equal(20, TunedThresholdClassifierCV.Interp(2, xp, fp));
        Assert.Equal(5, TunedThresholdClassifierCV.Interp(3.5, xp, fp), 15);
    }

    [Fact]
    public void FixedThresholdCutsTheScoresItIsGiven()
    {
        var x = Fixtures.Tensor(Root["X"]);
        var y = Fixtures.Tensor(Root["y"]);
        var nb = new GaussianNB().Fit(x, y);
        var p = nb.PredictProba(x).ToDoubleArray();
        int n = x.Shape[0];
        // "auto" on probabilities is 0.5: the same labels as the classifier's own argmax (no probability is exactly 0.5 here)
        Assert.Equal(nb.Predict(x).ToArray<long>(), new FixedThresholdClassifier(new GaussianNB()).Fit(x, y).Predict(x).ToArray<long>());
        var f = new FixedThresholdClassifier(new GaussianNB(), threshold: 0.2).Fit(x, y);
        Assert.Equal(Enumerable.Range(0, n).Select(i => p[i * 2 + 1] >= 0.2 ? 8L : 3L).ToArray(), f.Predict(x).ToArray<long>());
        Assert.Equal(p, f.PredictProba(x).ToDoubleArray()); // probabilities pass through unchanged
        // the first class as the positive one: its own probability is cut
        var g = new FixedThresholdClassifier(new GaussianNB(), threshold: 0.9, posLabel: 3).Fit(x, y);
        Assert.Equal(Enumerable.Range(0, n).Select(i => p[i * 2] >= 0.9 ? 3L : 8L).ToArray(), g.Predict(x).ToArray<long>());
        // "auto" on a decision function is 0: LinearSVC's own predictions
        var svc = new LinearSVC(randomState: 0).Fit(x, y);
        var h = new FixedThresholdClassifier(new LinearSVC(randomState: 0)).Fit(x, y);
        Assert.Equal(0.0, h.EffectiveThreshold);
        Assert.Equal(svc.Predict(x).ToArray<long>(), h.Predict(x).ToArray<long>());
        Assert.Throws<NotSupportedException>(() => h.PredictProba(x));
        // the decision value is negated for the first class: −d ≥ 1 ⇔ d ≤ −1
        var d = svc.DecisionFunction(x).ToDoubleArray();
        var k = new FixedThresholdClassifier(new LinearSVC(randomState: 0), threshold: 1.0, posLabel: 3).Fit(x, y);
        Assert.Equal(d.Select(v => -v >= 1.0 ? 3L : 8L).ToArray(), k.Predict(x).ToArray<long>());
    }

    [Fact]
    public void ErrorsNameTheProblem()
    {
        var x = Fixtures.Tensor(Root["X"]);
        var y = Fixtures.Tensor(Root["y"]);
        var (x3, y3) = EstimatorChecks.Data(DataKind.Classification);
        var ex = Assert.Throws<ArgumentException>(() => new TunedThresholdClassifierCV(new GaussianNB()).Fit(x3, y3));
        Assert.Contains("only binary classification", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new FixedThresholdClassifier(new GaussianNB(), posLabel: 5).Fit(x, y));
        Assert.Contains("PosLabel 5 is not one of the classes [3, 8]", ex.Message);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new FixedThresholdClassifier(new GaussianNB(), responseMethod: ResponseMethod.DecisionFunction).Fit(x, y));
        Assert.Equal("ResponseMethod", bad.ParamName); // GaussianNB has probabilities only
        bad = Assert.Throws<ArgumentOutOfRangeException>(() => new TunedThresholdClassifierCV(new Glassbox.ML.Linear.Ridge()).Fit(x, y));
        Assert.Equal("Estimator", bad.ParamName);
        // a model that scores every validation row the same has no threshold to tune
        var constant = Tensor.Ones(x.Shape[0], 2); // a tree cannot split constant columns: every row gets the root's class shares
        ex = Assert.Throws<ArgumentException>(() => new TunedThresholdClassifierCV(new Glassbox.ML.Tree.DecisionTreeClassifier(randomState: 0)).Fit(constant, y));
        Assert.Contains("constant predictions", ex.Message);
    }

    [Fact]
    public void TunedThresholdBeatsTheDefaultOnHeldOutBalancedAccuracy()
    {
        // 10 % positives, overlapping classes: logistic regression's 0.5 cut favours the majority; the tuned cut,
        // chosen on out-of-fold scores of the training half, must do better on the untouched test half
        var g = new Generator(11);
        int n = 1200, p = 3;
        var xs = new double[n * p];
        var ys = new long[n];
        for (int i = 0; i < n; i++)
        {
            ys[i] = g.NextDouble() < 0.1 ? 1 : 0;
            for (int j = 0; j < p; j++) xs[i * p + j] = g.NextNormal() + (ys[i] == 1 && j < 2 ? 1.0 : 0.0);
        }
        var xTrain = Tensor.FromArray(xs[..(600 * p)], 600, p);
        var xTest = Tensor.FromArray(xs[(600 * p)..], 600, p);
        var yTrain = Tensor.FromArray(ys[..600], [600]);
        var yTest = Tensor.FromArray(ys[600..], [600]);
        var plain = new LogisticRegression().Fit(xTrain, yTrain);
        var tuned = new TunedThresholdClassifierCV(new LogisticRegression()).Fit(xTrain, yTrain);
        // balanced accuracy = the macro average of the per-class recalls
        double before = Classification.RecallScore(yTest, plain.Predict(xTest), Average.Macro);
        double after = Classification.RecallScore(yTest, tuned.Predict(xTest), Average.Macro);
        Assert.True(tuned.BestThreshold < 0.5, $"threshold {tuned.BestThreshold}");
        Assert.True(after > before + 0.05, $"balanced accuracy: 0.5 cut {before:F3}, tuned {after:F3}");
    }
}
