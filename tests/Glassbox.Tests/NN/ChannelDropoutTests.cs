using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>F.Dropout2d / F.Dropout1d and their modules: whole channels dropped, survivors scaled, seeded, eval = identity.</summary>
public class ChannelDropoutTests
{
    /// <summary>Asserts every (sample, channel) block of y = dropout(ones) is all 0 or all 1/(1 − p); returns the kept flags in row-major order.</summary>
    private static bool[] Blocks(Tensor y, int lead, double p)
    {
        var v = y.ToDoubleArray();
        int blocks = 1;
        for (int d = 0; d < lead; d++) blocks *= y.Shape[d];
        int size = v.Length / blocks;
        // The mask is built in double and rounded once to the dtype, so survivors equal the rounded scale exactly.
        double keep = y.DType == DType.Float32 ? (float)(1.0 / (1.0 - p)) : 1.0 / (1.0 - p);
        var kept = new bool[blocks];
        for (int b = 0; b < blocks; b++)
        {
            kept[b] = v[b * size] != 0;
            for (int i = 0; i < size; i++)
                Assert.Equal(kept[b] ? keep : 0.0, v[b * size + i]);
        }
        return kept;
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Dropout2dZeroesWholeChannelsAndScalesSurvivors(DType dt)
    {
        var x = Tensor.Ones([3, 5, 4, 7], dt);
        var y = F.Dropout2d(x, 0.3, training: true, new Generator(11));
        var kept = Blocks(y, 2, 0.3);
        Assert.Contains(true, kept);
        Assert.Contains(false, kept);
    }

    [Fact]
    public void MaskFollowsTheGeneratorStreamOnePerChannel()
    {
        // The documented stream: one uniform per (n, c) in row-major order, kept when u ≥ p.
        var y = F.Dropout2d(Tensor.Ones([4, 6, 3, 2], DType.Float64), 0.4, training: true, new Generator(5));
        var kept = Blocks(y, 2, 0.4);
        var g = new Generator(5);
        for (int i = 0; i < kept.Length; i++) Assert.Equal(g.NextDouble() >= 0.4, kept[i]);
    }

    [Fact]
    public void SameSeedSameMaskDifferentSeedDifferentMask()
    {
        var x = Tensor.Ones([8, 16, 2, 2], DType.Float32);
        var a = F.Dropout2d(x, 0.5, true, new Generator(1)).ToArray<float>();
        var b = F.Dropout2d(x, 0.5, true, new Generator(1)).ToArray<float>();
        var c = F.Dropout2d(x, 0.5, true, new Generator(2)).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void KeepRateIsWithinBinomialBound()
    {
        // 4096 channels kept independently with probability q = 0.7: the count is Binomial(4096, 0.7), mean 2867.2,
        // sd √(4096·0.7·0.3) ≈ 29.3. |count − mean| ≤ 5 sd fails with probability < 1e-6 for a fair mask (and the
        // seed is fixed, so the test is deterministic); a wrong keep rule (u < p, or p taken as the keep rate) is off by ~800.
        var y = F.Dropout2d(Tensor.Ones([64, 64, 2, 2], DType.Float32), 0.3, true, new Generator(2026));
        int count = Blocks(y, 2, 0.3).Count(k => k);
        double mean = 4096 * 0.7, sd = Math.Sqrt(4096 * 0.7 * 0.3);
        Assert.InRange(count, mean - 5 * sd, mean + 5 * sd);
    }

    [Fact]
    public void BackwardMultipliesByTheSameScaledMask()
    {
        var x = Tensor.FromArray(Enumerable.Range(1, 2 * 5 * 3 * 3).Select(i => (double)i).ToArray(), 2, 5, 3, 3).RequiresGrad_();
        var y = F.Dropout2d(x, 0.25, true, new Generator(3));
        y.Sum().Backward();
        var xv = x.ToDoubleArray();
        var yv = y.ToDoubleArray();
        var gv = x.Grad!.ToDoubleArray();
        for (int i = 0; i < xv.Length; i++) Assert.Equal(yv[i] / xv[i], gv[i], 15);
    }

    [Fact]
    public void UnbatchedInputDropsChannels()
    {
        var y = F.Dropout2d(Tensor.Ones([9, 4, 5], DType.Float64), 0.5, true, new Generator(8));
        var kept = Blocks(y, 1, 0.5);
        var g = new Generator(8);
        for (int i = 0; i < kept.Length; i++) Assert.Equal(g.NextDouble() >= 0.5, kept[i]);
    }

    [Fact]
    public void Dropout1dDropsChannelsOfBatchedAndUnbatchedInput()
    {
        Blocks(F.Dropout1d(Tensor.Ones([3, 7, 10], DType.Float32), 0.5, true, new Generator(4)), 2, 0.5);
        Blocks(F.Dropout1d(Tensor.Ones([7, 10], DType.Float32), 0.5, true, new Generator(4)), 1, 0.5);
    }

    [Fact]
    public void EvalAndZeroProbabilityAreTheIdentity()
    {
        var x = Tensor.FromArray(new[] { 1.0, -2, 3, 4, 5, 6, 7, 8 }, 1, 2, 2, 2);
        Assert.Same(x, F.Dropout2d(x, 0.5, training: false));
        Assert.Same(x, F.Dropout2d(x, 0.0, training: true));
        var m = new Dropout2d(0.9, new Generator(1));
        m.Eval();
        Assert.Equal(x.ToDoubleArray(), m.Forward(x).ToDoubleArray());
        var m1 = new Dropout1d(0.9, new Generator(1));
        m1.Eval();
        Assert.Equal(x.Reshape(2, 2, 2).ToDoubleArray(), m1.Forward(x.Reshape(2, 2, 2)).ToDoubleArray());
    }

    [Fact]
    public void ProbabilityOneDropsEverythingWithZeroGradient()
    {
        var x = Tensor.Ones([2, 3, 4, 4], DType.Float64).RequiresGrad_();
        var y = new Dropout2d(1.0).Forward(x);
        Assert.All(y.ToDoubleArray(), v => Assert.Equal(0.0, v));
        y.Sum().Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void ModulesUseTheirGeneratorAndPrintLikePyTorch()
    {
        var x = Tensor.Ones([2, 8, 3, 3], DType.Float32);
        var a = new Dropout2d(0.5, new Generator(9)).Forward(x).ToArray<float>();
        var b = F.Dropout2d(x, 0.5, true, new Generator(9)).ToArray<float>();
        Assert.Equal(b, a);
        Assert.Equal("Dropout2d(p=0.5, inplace=False)", new Dropout2d().ToString());
        Assert.Equal("Dropout1d(p=0.2, inplace=False)", new Dropout1d(0.2).ToString());
    }

    [Fact]
    public void ErrorsNameTheOpAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => F.Dropout2d(Tensor.Ones([2, 3], DType.Float32), 0.5));
        Assert.Contains("dropout2d", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => F.Dropout2d(Tensor.Ones([1, 2, 3, 4, 5], DType.Float32), 0.5));
        Assert.Contains("[1, 2, 3, 4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => F.Dropout1d(Tensor.Ones([2, 3, 4, 5], DType.Float32), 0.5));
        Assert.Contains("dropout1d", e.Message);
        Assert.Contains("[2, 3, 4, 5]", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => F.Dropout2d(Tensor.Ones([1, 2, 3, 4], DType.Float32), 1.5));
        Assert.Contains("dropout2d", r.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout2d(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout1d(double.NaN));
    }
}
