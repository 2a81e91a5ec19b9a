using System.Text.Json.Nodes;
using Glassbox.ML.Ensemble;
using Glassbox.ML.Options;
using Glassbox.Testing;
using Glassbox.Testing.Parity;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// HistGradientBoostingRegressor's non-squared losses against sklearn 1.2 (tools/reference/sklearn_hgb_losses_fixtures.py):
/// "poisson" (log link, g = e^f − y, h = e^f, F₀ = log ȳ, predictions e^f), "absolute_error" and "quantile" (sign /
/// pinball gradients with unit hessians, then every leaf set to the median / α-quantile of y − f over its rows).
/// </summary>
public class HistLossesTests
{
    private static readonly JsonObject Root = SklearnFixture.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn"), "hgb_losses");

    [Fact]
    public void MatchesSklearn()
    {
        var x = Fixtures.Tensor(Root["X"]);
        var xt = Fixtures.Tensor(Root["X_test"]);
        var sw = Fixtures.Tensor(Root["sample_weight"]);
        foreach (var c in SklearnFixture.Cases(Root))
        {
            var ps = (JsonObject)c["params"]!;
            var y = Fixtures.Tensor(Root["y_" + c["y"]!.GetValue<string>()]);
            var m = new HistGradientBoostingRegressor(
                learningRate: ps["learning_rate"]?.GetValue<double>() ?? 0.1, maxIter: ps["max_iter"]!.GetValue<int>(),
                maxLeafNodes: ps["max_leaf_nodes"]?.GetValue<int>() ?? 31, l2Regularization: ps["l2_regularization"]?.GetValue<double>() ?? 0.0,
                earlyStopping: false, loss: SklearnNames.Parse<HistGradientBoostingRegressorLoss>(ps["loss"]!.GetValue<string>()), quantile: ps["quantile"]?.GetValue<double>())
                .Fit(x, y, c["weighted"]!.GetValue<bool>() ? sw : null);
            Assert.Equal(c["baseline"]!.GetValue<double>(), m.BaselinePrediction[0], 12);
            // relative to the predictions: sklearn rounds gradients and hessians to float32 (~6e-8 relative), and
            // that rounding passes into the Poisson leaf values it sums; the median-type leaves are order statistics
            // of y − f and agree to rounding
            foreach (var (ours, key) in new[] { (m.Predict(x), "predict_train"), (m.Predict(xt), "predict_test") })
            {
                var expected = Fixtures.Tensor(c[key]).ToDoubleArray();
                var actual = ours.ToDoubleArray();
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Max(1, expected[i]), $"{ps.ToJsonString()} weighted={c["weighted"]} {key}[{i}]: {actual[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void RejectsNegativeTargetsAndUnknownLosses()
    {
        var x = Tensor.FromArray(new double[] { 0, 1, 2, 3 }, 4, 1);
        var ex = Assert.Throws<ArgumentException>(() => new HistGradientBoostingRegressor(loss: HistGradientBoostingRegressorLoss.Poisson).Fit(x, Tensor.FromArray(new double[] { 1, -1, 2, 0 }, [4])));
        Assert.Contains("non-negative", ex.Message);
        Assert.Throws<ArgumentException>(() => new HistGradientBoostingRegressor(loss: HistGradientBoostingRegressorLoss.Poisson).Fit(x, Tensor.FromArray(new double[4], [4])));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new HistGradientBoostingRegressor(loss: (HistGradientBoostingRegressorLoss)99).Fit(x, Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [4])));
        Assert.Equal("Loss", bad.ParamName);
    }
}
