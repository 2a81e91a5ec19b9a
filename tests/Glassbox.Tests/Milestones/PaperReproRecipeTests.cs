using Glassbox.Milestones;
using Glassbox.Milestones.Recipes;
using Glassbox.NN;

namespace Glassbox.Tests.Milestones;

/// <summary>The building blocks of the paper reproductions: network layouts, the percentile probe and the drift summary.</summary>
public class PaperReproRecipeTests
{
    [Fact]
    public void PercentileInterpolatesLikeNumPy()
    {
        // numpy.percentile(range(1, 11), [15, 50, 85]) = [2.35, 5.5, 8.65] (linear method: position q/100·(n − 1)).
        float[] v = [7, 1, 10, 3, 5, 2, 9, 4, 8, 6];
        Assert.Equal(2.35, SigmoidMlpBatchNorm.Percentile(v, 15), 1e-12);
        Assert.Equal(5.5, SigmoidMlpBatchNorm.Percentile(v, 50), 1e-12);
        Assert.Equal(8.65, SigmoidMlpBatchNorm.Percentile(v, 85), 1e-12);
        Assert.Equal(7f, v[0]); // the input is not sorted in place
    }

    [Theory]
    [InlineData(BatchNormPlacement.None, 7, 4, typeof(Linear))]
    [InlineData(BatchNormPlacement.BeforeSigmoid, 10, 7, typeof(BatchNorm1d))]
    [InlineData(BatchNormPlacement.AfterSigmoid, 10, 6, typeof(Linear))]
    public void SigmoidNetworkProbesTheInputOfTheLastSigmoid(BatchNormPlacement placement, int modules, int probe, Type probed)
    {
        var (net, index) = SigmoidMlpBatchNorm.Build(placement, new Generator(3), initStd: 0.1);
        Assert.Equal(modules, net.Count);
        Assert.Equal(probe, index);
        Assert.IsType(probed, net[index]);
        Assert.IsType<Sigmoid>(net[index + 1]);
        Assert.Equal(2, Enumerable.Range(0, index).Count(i => net[i] is Sigmoid)); // two sigmoids before: the third layer's
    }

    [Fact]
    public void SigmoidNetworkStartsFromTheStatedGaussian()
    {
        var (net, _) = SigmoidMlpBatchNorm.Build(BatchNormPlacement.None, new Generator(5), initStd: 0.1);
        var first = (Linear)net[0];
        var w = first.Weight.ToArray<float>();
        double mean = w.Average(x => (double)x), std = Math.Sqrt(w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1));
        // 78,400 draws: the standard error of the mean is 0.1/280 ≈ 3.6e-4 and of the std 0.1/396 ≈ 2.5e-4; 8 s.e. each.
        Assert.InRange(mean, -0.003, 0.003);
        Assert.InRange(std, 0.098, 0.102);
        Assert.All(first.Bias!.ToArray<float>(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void MedianSpreadIsMaxMinusMinFromTheGivenStep()
    {
        // Two units, three evaluations; from step 100 unit 0 moves 1 → 4 (spread 3), unit 1 stays at 2 (spread 0).
        var t = new SigmoidMlpTrace([0, 100, 200], [0.1, 0.5, 0.9], [0, 0, 0], [9, 1, 4], [0, 0, 0],
            [[9, 2], [1, 2], [4, 2]]);
        Assert.Equal(3, t.MedianSpread(0, 100));
        Assert.Equal(1.5, t.MedianSpread(null, 100));
        Assert.Equal(8, t.MedianSpread(0, 0));
        Assert.Equal(0.5, t.AccuracyAt(120));
    }

    [Fact]
    public void DropoutVariantsBuildTheirLayers()
    {
        var standard = ReproDropoutMilestone.Variants.Single(v => v.Name == "standard");
        var dropout = ReproDropoutMilestone.Variants.Single(v => v.Name == "dropout_maxnorm");
        var (plain, hiddenPlain) = DropoutMlp.Build(standard, new Generator(1));
        var (thinned, hidden) = DropoutMlp.Build(dropout, new Generator(1));
        Assert.DoesNotContain(plain, m => m is Dropout);
        Assert.Equal(7, plain.Count);
        Assert.Equal([0.2, 0.5, 0.5, 0.5], thinned.OfType<Dropout>().Select(d => d.P).ToArray());
        Assert.Equal(3, hidden.Length);
        Assert.All(hidden, h => Assert.Equal(1024, h.OutFeatures));
        Assert.Equal(3.0, dropout.MaxNorm);
        Assert.Null(standard.MaxNorm);
        Assert.Equal(784, hiddenPlain[0].InFeatures);
    }
}
