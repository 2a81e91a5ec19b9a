using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Parity;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// HistGradientBoostingRegressor(loss: "poisson") against sklearn 1.2 (tools/reference/sklearn_hgb_poisson_fixtures.py):
/// log link, g = e^f − y, h = e^f, F₀ = log ȳ; predictions are means e^f.
/// </summary>
public class HistPoissonTests
{
    private static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "hgb_poisson");

    [Fact]
    public void MatchesSklearnsPoissonBoosting()
    {
        var x = SklearnFixture.Tensor(Root["X"]);
        var xt = SklearnFixture.Tensor(Root["X_test"]);
        var y = SklearnFixture.Tensor(Root["y"]);
        foreach (var c in SklearnFixture.Cases(Root))
        {
            var ps = (JsonObject)c["params"]!;
            var m = new HistGradientBoostingRegressor(
                learningRate: ps["learning_rate"]?.GetValue<double>() ?? 0.1, maxIter: ps["max_iter"]!.GetValue<int>(),
                maxLeafNodes: ps["max_leaf_nodes"]?.GetValue<int>() ?? 31, l2Regularization: ps["l2_regularization"]?.GetValue<double>() ?? 0.0,
                earlyStopping: false, loss: "poisson").Fit(x, y);
            Assert.Equal(c["baseline"]!.GetValue<double>(), m.BaselinePrediction[0], 12);
            // relative to the predicted means: sklearn rounds gradients and hessians to float32 (~6e-8 relative), and
            // that rounding passes into the leaf values it sums
            foreach (var (ours, key) in new[] { (m.Predict(x), "predict_train"), (m.Predict(xt), "predict_test") })
            {
                var expected = SklearnFixture.Tensor(c[key]).ToDoubleArray();
                var actual = ours.ToDoubleArray();
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Max(1, expected[i]), $"{key}[{i}]: {actual[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void RejectsNegativeTargetsAndUnknownLosses()
    {
        var x = Tensor.FromArray(new double[] { 0, 1, 2, 3 }, 4, 1);
        var ex = Assert.Throws<ArgumentException>(() => new HistGradientBoostingRegressor(loss: "poisson").Fit(x, Tensor.FromArray(new double[] { 1, -1, 2, 0 }, [4])));
        Assert.Contains("non-negative", ex.Message);
        Assert.Throws<ArgumentException>(() => new HistGradientBoostingRegressor(loss: "poisson").Fit(x, Tensor.FromArray(new double[4], [4])));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new HistGradientBoostingRegressor(loss: "gamma").Fit(x, Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [4])));
        Assert.Equal("Loss", bad.ParamName);
    }
}
