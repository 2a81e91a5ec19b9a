using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>binary_cross_entropy's input must be probabilities (PyTorch 1.13 checks the input, not the target).</summary>
public class BinaryCrossEntropyDomainTests
{
    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void InputOutsideTheUnitIntervalThrowsInsteadOfReturningNaN(double bad)
    {
        var x = Tensor.FromArray(new[] { 0.3, bad }, 2);
        var y = Tensor.FromArray(new[] { 1.0, 0.0 }, 2);
        var e = Assert.Throws<ArgumentException>(() => F.BinaryCrossEntropy(x, y));
        Assert.Contains("all elements of input should be between 0 and 1", e.Message);
        Assert.Throws<ArgumentException>(() => new BCELoss().Forward(x, y));
    }

    [Fact]
    public void EndpointsAreValidAndClampedLogsKeepTheLossFinite()
    {
        var x = Tensor.FromArray(new[] { 0.0, 1.0 }, 2);
        var y = Tensor.FromArray(new[] { 1.0, 1.0 }, 2);
        // ℓ = [−log 0 → 100 (clamped), −log 1 = 0], mean 50.
        Assert.Equal(50.0, F.BinaryCrossEntropy(x, y).Item<double>(), 12);
    }

    [Fact]
    public void TargetsAreNotCheckedAsInPyTorch()
    {
        var x = Tensor.FromArray(new[] { 0.25 }, 1);
        var y = Tensor.FromArray(new[] { 2.0 }, 1);
        // −(2·ln 0.25 + (1 − 2)·ln 0.75) = −2 ln 0.25 + ln 0.75
        Assert.Equal(-2 * Math.Log(0.25) + Math.Log(0.75), F.BinaryCrossEntropy(x, y).Item<double>(), 12);
    }
}
