using Glassbox.ML.Replay;

namespace Glassbox.Tests.ML;

/// <summary>
/// <see cref="Quantiles"/> against values worked out by hand from NumPy's definitions; the bin-edge replay's
/// agreement with sklearn on real data is the histogram-gradient-boosting parity family.
/// </summary>
public class QuantilesReplayTests
{
    [Fact]
    public void EvenMidpointPercentilesFollowNumpysMidpointMethod()
    {
        // np.percentile(np.arange(10.0), [25, 50, 75], method="midpoint"): virtual indices 2.25, 4.5, 6.75 →
        // midpoints of (2, 3), (4, 5), (6, 7). Halves and small integers are exact in binary: compare exactly.
        Assert.Equal([2.5, 4.5, 6.5], Quantiles.EvenMidpointPercentiles(Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), 4));
        // m = 5: the indices 1, 2, 3 are whole, so the sample values themselves come back (not midpoints)
        Assert.Equal([10.0, 20.0, 30.0], Quantiles.EvenMidpointPercentiles([0.0, 10, 20, 30, 40], 4));
    }

    [Fact]
    public void PercentileAndMedianFollowNumpysLinearRule()
    {
        double[] sorted = [1, 2, 4, 8];
        Assert.Equal(1.0, Quantiles.Percentile(sorted, 0));
        Assert.Equal(8.0, Quantiles.Percentile(sorted, 100));
        Assert.Equal(3.0, Quantiles.Percentile(sorted, 50)); // index 1.5 → 2 + (4 − 2)·0.5
        Assert.Equal(3.0, Quantiles.Median(sorted));
        Assert.Equal(4.0, Quantiles.Median([1, 4, 9]));
    }
}
