using Glassbox.ML;
using Glassbox.ML.Cluster;
using Glassbox.Testing;
using static Glassbox.Testing.EstimatorChecks;

namespace Glassbox.Tests.ML;

/// <summary>Fit's checks of X shared by every estimator: no empty inputs, and extreme but finite values.</summary>
public class EstimatorInputTests
{
    public static TheoryData<string> Registered() => ModelFileRoundTripTests.Registered();

    [Theory, MemberData(nameof(Registered))]
    public void ZeroFeaturesAndZeroSamplesAreRejectedWithSklearnsMessage(string name)
    {
        Assert.True(EstimatorRegistry.TryGetType(name, out var type));
        var (make, kind) = ModelFileRoundTripTests.Fitted.TryGetValue(type, out var f) ? f
            : (() => (IEstimator)new Glassbox.ML.ModelSelection.GridSearchCV(new Glassbox.ML.Linear.Ridge(), new Dictionary<string, object?[]> { ["Alpha"] = [1.0] }, cv: 2), DataKind.Regression);
        if (type == typeof(Glassbox.ML.ModelSelection.RandomizedSearchCV))
            make = () => new Glassbox.ML.ModelSelection.RandomizedSearchCV(new Glassbox.ML.Linear.Ridge(), new Dictionary<string, object> { ["Alpha"] = new object[] { 1.0 } }, nIter: 1, cv: 2);
        var (x, y) = EstimatorChecks.Data(kind, 10);
        var e = make();
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
