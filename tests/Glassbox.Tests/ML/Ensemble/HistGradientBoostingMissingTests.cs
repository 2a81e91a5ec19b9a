using Glassbox.ML;
using Glassbox.ML.Ensemble;

namespace Glassbox.Tests.ML.Ensemble;

/// <summary>
/// Native missing values in histogram gradient boosting (sklearn's semantics): NaN gets its own bin, each split learns
/// which side NaN goes to, a feature without NaN in training sends NaN to the child with more training samples. The
/// sklearn comparison on data with NaN is in the parity table (boosting.json, "hgb_nan").
/// </summary>
public class HistGradientBoostingMissingTests
{
    [Fact]
    public void MissingnessItselfIsLearned()
    {
        // y = 1 exactly where x0 is missing; x1 is noise
        var g = new Generator(3);
        int n = 400;
        var x = new double[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            bool miss = g.NextDouble() < 0.3;
            x[i * 2] = miss ? double.NaN : g.NextNormal();
            x[i * 2 + 1] = g.NextNormal();
            y[i] = miss ? 1 : 0;
        }
        var xt = Tensor.FromArray(x, n, 2);
        var m = new HistGradientBoostingClassifier(maxIter: 10).Fit(xt, Tensor.FromArray(y, [n]));
        Assert.Equal(1.0, m.Score(xt, Tensor.FromArray(y, [n])));
        var probe = Tensor.FromArray(new[] { double.NaN, 0.0, 0.5, 0.0, -2.0, 5.0 }, 3, 2);
        Assert.Equal(new long[] { 1, 0, 0 }, m.Predict(probe).ToArray<long>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NaNGoesWhereTheGainIsLargest(bool nanLikeHigh)
    {
        // targets: low x → 0, high x → 10; NaN rows carry the target of one side, and the split must send them there
        int n = 300;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (i % 5 == 0) { x[i] = double.NaN; y[i] = nanLikeHigh ? 10 : 0; }
            else { x[i] = i; y[i] = i < 150 ? 0 : 10; }
        }
        var m = new HistGradientBoostingRegressor(learningRate: 1.0, maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1)
            .Fit(Tensor.FromArray(x, n, 1), Tensor.FromArray(y, [n]));
        var pred = m.Predict(Tensor.FromArray(new[] { double.NaN, 10.0, 290.0 }, 3, 1)).ToDoubleArray();
        Assert.Equal(nanLikeHigh ? pred[2] : pred[1], pred[0]);
        Assert.NotEqual(pred[1], pred[2]);
    }

    [Fact]
    public void NaNUnseenInTrainingFollowsTheLargerChild()
    {
        // one split at x ≈ 29.5: 30 samples left, 70 right → a NaN at prediction goes right
        int n = 100;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = x.Select(v => v < 30 ? 0.0 : 10.0).ToArray();
        var m = new HistGradientBoostingRegressor(learningRate: 1.0, maxIter: 1, maxLeafNodes: 2, minSamplesLeaf: 1)
            .Fit(Tensor.FromArray(x, n, 1), Tensor.FromArray(y, [n]));
        var pred = m.Predict(Tensor.FromArray(new[] { double.NaN, 0.0, 99.0 }, 3, 1)).ToDoubleArray();
        Assert.Equal(pred[2], pred[0]);
        Assert.NotEqual(pred[1], pred[0]);
    }

    [Fact]
    public void AllMissingFeatureAndSaveLoadRoundTrip()
    {
        var g = new Generator(9);
        int n = 200;
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 3] = double.NaN; // never observed
            x[i * 3 + 1] = g.NextDouble() < 0.2 ? double.NaN : g.NextNormal();
            x[i * 3 + 2] = g.NextNormal();
            y[i] = (double.IsNaN(x[i * 3 + 1]) ? 2 : x[i * 3 + 1]) + x[i * 3 + 2];
        }
        var xt = Tensor.FromArray(x, n, 3);
        var m = new HistGradientBoostingRegressor(maxIter: 20).Fit(xt, Tensor.FromArray(y, [n]));
        Assert.True(m.Score(xt, Tensor.FromArray(y, [n])) > 0.8);
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-hgb-nan-{Guid.NewGuid():N}.json");
        try
        {
            m.Save(path);
            var loaded = HistGradientBoostingRegressor.Load(path);
            Assert.Equal(m.Predict(xt).ToDoubleArray(), loaded.Predict(xt).ToDoubleArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void InfinityIsStillRejected()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.PositiveInfinity, 3.0, 4.0 }, 4, 1);
        var ex = Assert.Throws<ArgumentException>(() => new HistGradientBoostingRegressor().Fit(x, Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, [4])));
        Assert.Contains("infinity", ex.Message);
    }
}
