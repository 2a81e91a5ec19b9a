using Glassbox.ML;
using Glassbox.ML.Cluster;
using static Glassbox.Tests.ML.EstimatorContractTests;

namespace Glassbox.Tests.ML;

/// <summary>Fit's checks of X shared by every estimator: no empty inputs, and extreme but finite values.</summary>
public class EstimatorInputTests
{
    [Theory, MemberData(nameof(All), MemberType = typeof(EstimatorContractTests))]
    public void ZeroFeaturesAndZeroSamplesAreRejectedWithSklearnsMessage(Case c)
    {
        var (x, y) = EstimatorContractTests.Data(c.Kind, 10);
        var e = c.Make();
        var noFeatures = Tensor.FromArray(new double[0], 10, 0);
        var ex = Assert.Throws<ArgumentException>(() => e.Fit(noFeatures, y));
        Assert.Contains("Found array with 0 feature(s) (shape=(10, 0)) while a minimum of 1 is required.", ex.Message);
        var noSamples = Tensor.FromArray(new double[0], 0, 4);
        var emptyY = y is null ? null : y.DType == DType.Int64 ? Tensor.FromArray(new long[0], [0]) : Tensor.FromArray(new double[0], [0]);
        ex = Assert.Throws<ArgumentException>(() => e.Fit(noSamples, emptyY));
        Assert.Contains("Found array with 0 sample(s) (shape=(0, 4)) while a minimum of 1 is required.", ex.Message);
        Assert.False(e.IsFitted);
    }

    [Fact]
    public void KMeansOnHugeFiniteValues()
    {
        // squared distances of values near 1e200 overflow to +infinity
        var x = Tensor.FromArray([1e200, 0, 2e200, 0, -1e200, 1e200, 3e200, -2e200, 1e200, 1e200, 0, 1], 6, 2);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(nClusters: 2, nInit: 1, randomState: 0).Fit(x));
        Assert.Contains("overflow", ex.Message);
    }
}
