using Glassbox.ML.Ensemble;
using Glassbox.ML.Replay;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// Early stopping of histogram gradient boosting (sklearn's <c>early_stopping</c>, <c>validation_fraction</c>,
/// <c>n_iter_no_change</c>, <c>tol</c>, scoring="loss"): the stopping rule on hand-made score sequences, and fits that
/// must stop, must not, and must record the scores sklearn records.
/// </summary>
public class HistGradientBoostingEarlyStoppingTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 2, 0.0, false)]       // still improving
    [InlineData(new[] { 1.0, 1.0, 1.0 }, 2, 0.0, true)]        // flat for 2 iterations
    [InlineData(new[] { 1.0, 0.5, 1.0 + 5e-8 }, 2, 1e-7, true)] // a gain below tol is no gain
    [InlineData(new[] { 1.0, 0.5, 1.0 + 2e-7 }, 2, 1e-7, false)]
    [InlineData(new[] { 1.0, 1.0 }, 2, 0.0, false)]            // fewer than n_iter_no_change + 1 scores: keep going
    [InlineData(new[] { 5.0, 1.0, 2.0, 3.0 }, 3, 0.0, true)]   // compared with the score 4 places back, not the latest best
    [InlineData(new[] { 5.0, 1.0, 2.0, 3.0 }, 2, 0.0, false)]  // 3 places back is 1.0: improved since
    public void ShouldStopFollowsSklearn(double[] scores, int patience, double tol, bool expected) =>
        Assert.Equal(expected, HistBoosting.ShouldStop(scores, patience, tol));

    private static (Tensor X, Tensor Y) Noise(int n, ulong seed)
    {
        var g = new Generator(seed);
        var x = Enumerable.Range(0, n * 3).Select(_ => g.NextNormal()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 0.3 * x[i * 3] + g.NextNormal()).ToArray();
        return (Tensor.FromArray(x, n, 3), Tensor.FromArray(y, [n]));
    }

    [Fact]
    public void StopsWhenTheValidationLossStopsImproving()
    {
        // mostly noise: the held-out loss bottoms out after a few trees
        var (x, y) = Noise(3000, 1);
        var m = new HistGradientBoostingRegressor(maxIter: 200, earlyStopping: true, randomState: 0).Fit(x, y);
        Assert.InRange(m.NIter, 11, 199);
        var val = m.ValidationScore.ToDoubleArray();
        var train = m.TrainScore.ToDoubleArray();
        Assert.Equal(m.NIter + 1, val.Length); // the score before the first tree, then one per iteration
        Assert.Equal(m.NIter + 1, train.Length);
        Assert.True(HistBoosting.ShouldStop(val, 10, 1e-7));
        Assert.False(HistBoosting.ShouldStop(val[..^1], 10, 1e-7)); // it stopped at the first chance
        Assert.True(train[^1] > train[0]); // the training loss fell
        // the same seed gives the same split and the same model
        var again = new HistGradientBoostingRegressor(maxIter: 200, earlyStopping: true, randomState: 0).Fit(x, y);
        Assert.Equal(m.Predict(x).ToDoubleArray(), again.Predict(x).ToDoubleArray());
    }

    [Fact]
    public void AutoIsOnAboveTenThousandSamplesOnly()
    {
        var (x, y) = Noise(10001, 2);
        var auto = new HistGradientBoostingRegressor(maxIter: 60, randomState: 0).Fit(x, y);
        Assert.True(auto.NIter < 60);
        Assert.NotEmpty(auto.ValidationScore.ToDoubleArray());
        var off = new HistGradientBoostingRegressor(maxIter: 60, earlyStopping: false).Fit(x, y);
        Assert.Equal(60, off.NIter);
        Assert.Empty(off.ValidationScore.ToDoubleArray());
        var small = new HistGradientBoostingRegressor(maxIter: 30).Fit(x.Narrow(0, 0, 10000), y.Narrow(0, 0, 10000));
        Assert.Equal(30, small.NIter);
    }

    [Fact]
    public void ClassifierStopsWithAStratifiedSplitAndScoresTheLogLoss()
    {
        var (x, yr) = Noise(2000, 3);
        var y = Tensor.FromArray(yr.ToDoubleArray().Select(v => v > 0.8 ? 2L : v > -0.8 ? 1L : 0L).ToArray(), [2000]);
        var m = new HistGradientBoostingClassifier(maxIter: 300, earlyStopping: true, randomState: 5).Fit(x, y);
        Assert.InRange(m.NIter, 11, 299);
        // the first validation score is −(log loss of the class priors), the entropy of the prior: about −1.0 for 3
        // roughly balanced classes here
        Assert.InRange(m.ValidationScore.ToDoubleArray()[0], -1.11, -0.9);
    }

    private static readonly System.Text.Json.Nodes.JsonObject Fixture = Glassbox.Testing.Parity.SklearnFixture.Load(
        Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "hgb_early_stopping");

    [Fact]
    public void HoldsOutSklearnsRowsAndStopsWhereSklearnStops()
    {
        // tools/reference/sklearn_hgb_early_stopping_fixtures.py: sklearn 1.2's own split and fit
        var x = Glassbox.Testing.Fixtures.Tensor(Fixture["X"]);
        int n = x.Shape[0];
        foreach (var c in Glassbox.Testing.Parity.SklearnFixture.Cases(Fixture))
        {
            var name = c["estimator"]!.GetValue<string>();
            var y = Glassbox.Testing.Fixtures.Tensor(Fixture["y_" + c["y"]!.GetValue<string>()]);
            var ps = (System.Text.Json.Nodes.JsonObject)c["params"]!;
            long rs = ps["random_state"]!.GetValue<long>();
            double vf = ps["validation_fraction"] is { } v ? v.GetValue<double>() : 0.1;
            int patience = ps["n_iter_no_change"]!.GetValue<int>();
            double lr = ps["learning_rate"] is { } l ? l.GetValue<double>() : 0.1;
            bool clf = name == "HistGradientBoostingClassifier";
            // the split, as HistBoosting.Fit derives it
            uint seed = new Glassbox.ML.Replay.SklearnRandom((uint)rs).RandInt(uint.MaxValue);
            int[]? strata = clf ? y.ToArray<long>().Select(t => (int)t).ToArray() : null;
            var (train, val) = Glassbox.ML.Replay.SklearnTrainTestSplit.Split(n, vf, strata, seed, "test");
            Assert.Equal(Glassbox.Testing.Fixtures.Tensor(c["split_train"]).ToArray<long>().Select(t => (int)t), train);
            Assert.Equal(Glassbox.Testing.Fixtures.Tensor(c["split_val"]).ToArray<long>().Select(t => (int)t), val);
            // the fit: the same held-out rows give the same stopping iteration and, with gradients stored as float32
            // as sklearn stores them, the same trees: every score agrees to rounding (1e-9; before the float32 storage,
            // near-tied splits went the other way from the first tree on and the scores differed by 3e-4)
            Tensor trainScore, valScore;
            int nIter;
            if (clf)
            {
                var m = new HistGradientBoostingClassifier(learningRate: lr, maxIter: 300, randomState: rs, earlyStopping: true,
                    validationFraction: vf, nIterNoChange: patience).Fit(x, y);
                (nIter, trainScore, valScore) = (m.NIter, m.TrainScore, m.ValidationScore);
            }
            else
            {
                var m = new HistGradientBoostingRegressor(learningRate: lr, maxIter: 300, randomState: rs, earlyStopping: true,
                    validationFraction: vf, nIterNoChange: patience).Fit(x, y);
                (nIter, trainScore, valScore) = (m.NIter, m.TrainScore, m.ValidationScore);
            }
            Assert.Equal(c["n_iter"]!.GetValue<int>(), nIter);
            var expectedVal = Glassbox.Testing.Fixtures.Tensor(c["validation_score"]).ToDoubleArray();
            var expectedTrain = Glassbox.Testing.Fixtures.Tensor(c["train_score"]).ToDoubleArray();
            Assert.Equal(expectedVal[0], valScore.ToDoubleArray()[0], 12);
            Assert.Equal(expectedTrain[0], trainScore.ToDoubleArray()[0], 12);
            Assert.True(Glassbox.Testing.Fixtures.MaxAbsDiff(valScore, Tensor.FromArray(expectedVal, [expectedVal.Length])) < 1e-9, $"{name} validation_score_");
            Assert.True(Glassbox.Testing.Fixtures.MaxAbsDiff(trainScore, Tensor.FromArray(expectedTrain, [expectedTrain.Length])) < 1e-9, $"{name} train_score_");
        }
    }
}
