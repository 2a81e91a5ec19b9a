using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Bahdanau (additive) and Luong (multiplicative) attention: float64 gradchecks through inputs and
/// parameters, hand-worked values, the padding mask, one step against many, and shape errors.</summary>
public class DecoderAttentionTests
{
    private static Tensor R(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, g).RequiresGrad_();

    // Row 0 sees all 5 source positions, row 1 only the first 3.
    private static Tensor Mask() => Tensor.FromArray([false, false, false, false, false, false, false, false, true, true], 2, 5);

    private static Tensor Both((Tensor Context, Tensor Weights) r) => Tensor.Cat([r.Context.Reshape(-1), r.Weights.Reshape(-1)]);

    [Fact]
    public void BahdanauGradCheck()
    {
        var g = new Generator(3);
        var m = new BahdanauAttention(4, 3, 5, DType.Float64, g);
        var q = R(g, 2, 3, 4);
        var k = R(g, 2, 5, 3);
        var mask = Mask();
        GradCheck.Assert(_ => Both(m.Forward(q, k, mask)), [q, k, .. m.Parameters()]);
    }

    [Theory]
    [InlineData(LuongScore.General)]
    [InlineData(LuongScore.Dot)]
    public void LuongGradCheck(LuongScore score)
    {
        var g = new Generator(4);
        int dk = score == LuongScore.Dot ? 4 : 3;
        var m = new LuongAttention(4, dk, score, DType.Float64, g);
        var q = R(g, 2, 4);
        var k = R(g, 2, 5, dk);
        var mask = Mask();
        GradCheck.Assert(_ => Both(m.Forward(q, k, mask)), [q, k, .. m.Parameters()]);
        Assert.Equal(score == LuongScore.General ? ["weight"] : [], m.StateDict().Keys);
    }

    [Fact]
    public void BahdanauHandWorked()
    {
        // Widths 1: W₁ = 1, W₂ = 1, b = 0, v = 2. Query 0.5; keys 0.5, −0.5 and a padded 9.
        // Scores: 2·tanh(0.5 + 0.5) = 2·tanh 1 and 2·tanh(0.5 − 0.5) = 0, so a₀ = 1 / (1 + e^(−2 tanh 1)) and
        // context = a₀·0.5 + (1 − a₀)·(−0.5) = a₀ − 0.5. The padded key must not count.
        var m = new BahdanauAttention(1, 1, 1, DType.Float64);
        using (GradMode.NoGrad())
        {
            m.QueryProj.Weight.CopyFrom(Tensor.FromArray([1.0], 1, 1));
            m.KeyProj.Weight.CopyFrom(Tensor.FromArray([1.0], 1, 1));
            m.KeyProj.Bias!.CopyFrom(Tensor.FromArray([0.0], 1));
            m.V.Weight.CopyFrom(Tensor.FromArray([2.0], 1, 1));
        }
        var (c, w) = m.Forward(Tensor.FromArray([0.5], 1, 1), Tensor.FromArray([0.5, -0.5, 9.0], 1, 3, 1),
            Tensor.FromArray([false, false, true], 1, 3));
        double a0 = 1 / (1 + Math.Exp(-2 * Math.Tanh(1)));
        // Tolerance: a handful of float64 operations, each rounding by at most 2⁻⁵³ relative.
        Assert.Equal([a0, 1 - a0, 0.0], w.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-14);
        Assert.Equal(a0 - 0.5, c.ToDoubleArray()[0], 1e-14);
    }

    [Fact]
    public void LuongHandWorked()
    {
        // Dot: query (1, 0) against keys (1, 0), (0, 1), (2, 3): scores 1, 0, 2. Softmax: e¹, e⁰, e² over their sum.
        // General with W = [[0, 1], [1, 0]] swaps the key's coordinates first: scores 0, 1, 3.
        var q = Tensor.FromArray([1.0, 0.0], 1, 2);
        var k = Tensor.FromArray([1.0, 0.0, 0.0, 1.0, 2.0, 3.0], 1, 3, 2);
        var (c, w) = new LuongAttention(2, 2, LuongScore.Dot, DType.Float64).Forward(q, k, null);
        double z = Math.E + 1 + Math.E * Math.E;
        double[] a = [Math.E / z, 1 / z, Math.E * Math.E / z];
        Assert.Equal(a, w.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-14);
        Assert.Equal([a[0] + 2 * a[2], a[1] + 3 * a[2]], c.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-14);

        var general = new LuongAttention(2, 2, LuongScore.General, DType.Float64);
        using (GradMode.NoGrad()) general.Weight!.CopyFrom(Tensor.FromArray([0.0, 1.0, 1.0, 0.0], 2, 2));
        var (_, wg) = general.Forward(q, k, null);
        double zg = 1 + Math.E + Math.Exp(3);
        Assert.Equal([1 / zg, Math.E / zg, Math.Exp(3) / zg], wg.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-14);
    }

    [Fact]
    public void PaddingGetsZeroWeightAndDoesNotMatter()
    {
        var g = new Generator(5);
        var m = new BahdanauAttention(4, 3, 5, DType.Float64, g);
        var q = Tensor.Randn([2, 4], DType.Float64, g);
        var k = Tensor.Randn([2, 5, 3], DType.Float64, g);
        var (c1, w1) = m.Forward(q, k, Mask());
        Assert.Equal(0.0, w1.Select(0, 1).Narrow(0, 3, 2).ToDoubleArray().Sum(Math.Abs));
        // Rows sum to one to rounding (five terms).
        foreach (var s in w1.Sum(1).ToDoubleArray()) Assert.Equal(1.0, s, 1e-15);
        var k2 = k.Clone();
        using (GradMode.NoGrad()) k2.Select(0, 1).Narrow(0, 3, 2).CopyFrom(Tensor.Full([2, 3], 100.0, DType.Float64));
        var (c2, _) = m.Forward(q, k2, Mask());
        Assert.Equal(c1.ToDoubleArray(), c2.ToDoubleArray());
    }

    [Fact]
    public void OneStepEqualsARowOfMany()
    {
        var g = new Generator(6);
        var m = new LuongAttention(4, 3, generator: g, dtype: DType.Float64);
        var q = Tensor.Randn([2, 3, 4], DType.Float64, g);
        var k = Tensor.Randn([2, 5, 3], DType.Float64, g);
        var (c, w) = m.Forward(q, k, Mask());
        Assert.Equal([2, 3, 3], c.ShapeToArray());
        Assert.Equal([2, 3, 5], w.ShapeToArray());
        var (c1, w1) = m.Forward(q.Select(1, 2), k, Mask());
        Assert.Equal(c.Select(1, 2).ToDoubleArray(), c1.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-15);
        Assert.Equal(w.Select(1, 2).ToDoubleArray(), w1.ToDoubleArray(), (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void ShapeErrorsNameTheLayerAndShapes()
    {
        var m = new BahdanauAttention(4, 3, 5);
        var e = Assert.Throws<ArgumentException>(() => m.Forward(Tensor.Zeros(2, 4), Tensor.Zeros(2, 5, 4), null));
        Assert.Contains("BahdanauAttention", e.Message);
        Assert.Contains("[2, 5, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Forward(Tensor.Zeros(3, 4), Tensor.Zeros(2, 5, 3), null));
        Assert.Contains("[3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => m.Forward(Tensor.Zeros(2, 4), Tensor.Zeros(2, 5, 3), Tensor.Zeros(2, 5)));
        Assert.Contains("bool source padding mask", e.Message);
        Assert.Throws<ArgumentException>(() => new LuongAttention(4, 3, LuongScore.Dot));
    }
}
