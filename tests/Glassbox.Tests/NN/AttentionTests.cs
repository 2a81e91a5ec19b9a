using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// F.ScaledDotProductAttention independent of PyTorch: a hand-worked case, the mask conventions (bool = may attend,
/// float = added; causal = lower triangle), the all-blocked row, the dropout stream, errors and float64 gradchecks.
/// </summary>
public class AttentionTests
{
    private static Tensor Rand(Generator g, params int[] shape) => Tensor.Randn(shape, DType.Float64, g);

    [Fact]
    public void HandWorkedSingleQuery()
    {
        // q = (1, 0), keys e₁ and e₂: scores (1, 0)/√2, weights (σ, 1 − σ) with σ = 1/(1 + e^(−1/√2)).
        var q = Tensor.From(new double[,] { { 1, 0 } });
        var k = Tensor.From(new double[,] { { 1, 0 }, { 0, 1 } });
        var v = Tensor.From(new double[,] { { 1, 2 }, { 3, 4 } });
        var y = F.ScaledDotProductAttention(q, k, v).ToDoubleArray();
        double w = 1 / (1 + Math.Exp(-1 / Math.Sqrt(2)));
        // A few roundings of O(1) values: 1e-15 is ~10 ulps.
        Assert.Equal(w * 1 + (1 - w) * 3, y[0], 1e-15);
        Assert.Equal(w * 2 + (1 - w) * 4, y[1], 1e-15);
    }

    [Fact]
    public void ExplicitScaleMultipliesScores()
    {
        var g = new Generator(1);
        var (q, k, v) = (Rand(g, 3, 5), Rand(g, 4, 5), Rand(g, 4, 2));
        var a = F.ScaledDotProductAttention(q, k, v, scale: 0.7).ToDoubleArray();
        var b = F.ScaledDotProductAttention(q * (0.7 * Math.Sqrt(5)), k, v).ToDoubleArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-13);
    }

    [Fact]
    public void BoolMaskTrueMeansAttendAndMatchesAdditiveMask()
    {
        var g = new Generator(2);
        var (q, k, v) = (Rand(g, 2, 3, 4), Rand(g, 2, 5, 4), Rand(g, 2, 5, 3));
        var allow = new bool[15];
        for (int i = 0; i < 15; i++) allow[i] = (i * 7) % 3 != 0 || i % 5 == 0;
        var boolMask = Tensor.FromArray(allow, 3, 5);
        var floatMask = Tensor.FromArray(allow.Select(a => a ? 0.0 : double.NegativeInfinity).ToArray(), 3, 5);
        var a = F.ScaledDotProductAttention(q, k, v, boolMask).ToDoubleArray();
        var b = F.ScaledDotProductAttention(q, k, v, floatMask).ToDoubleArray();
        Assert.Equal(b, a);
        // A blocked key has no influence: changing its value row leaves the output unchanged where it is blocked.
        var vChanged = v.Clone();
        using (GradMode.NoGrad()) vChanged.Select(1, 0).MulInPlace(100);
        var c = F.ScaledDotProductAttention(q, k, vChanged, boolMask).ToDoubleArray();
        for (int i = 0; i < 3; i++)
            if (!allow[i * 5]) for (int b2 = 0; b2 < 2; b2++) for (int d = 0; d < 3; d++) Assert.Equal(a[b2 * 9 + i * 3 + d], c[b2 * 9 + i * 3 + d]);
    }

    [Fact]
    public void CausalIsUpperLeftLowerTriangle()
    {
        var g = new Generator(3);
        var (q, k, v) = (Rand(g, 2, 4, 3), Rand(g, 2, 6, 3), Rand(g, 2, 6, 5));
        var tril = Tensor.Ones([4, 6], DType.Float64).Tril().Gt(0.5);
        var a = F.ScaledDotProductAttention(q, k, v, isCausal: true).ToDoubleArray();
        var b = F.ScaledDotProductAttention(q, k, v, tril).ToDoubleArray();
        Assert.Equal(b, a);
        // Query 0 sees only key 0: its output is exactly value row 0.
        var v0 = v.Select(0, 0).ToDoubleArray();
        for (int d = 0; d < 5; d++) Assert.Equal(v0[d], a[d]);
    }

    [Fact]
    public void FullyBlockedRowIsNaNAsInPyTorch()
    {
        var g = new Generator(4);
        var (q, k, v) = (Rand(g, 3, 2), Rand(g, 4, 2), Rand(g, 4, 2));
        var allow = Tensor.FromArray([true, true, false, false, false, false, false, false, true, false, true, true], 3, 4);
        var y = F.ScaledDotProductAttention(q, k, v, allow).ToDoubleArray();
        Assert.All(y[2..4], d => Assert.True(double.IsNaN(d)));
        Assert.All(y[..2].Concat(y[4..]), d => Assert.True(double.IsFinite(d)));
    }

    [Fact]
    public void MaskBroadcastsOverBatchAndHeads()
    {
        var g = new Generator(5);
        var (q, k, v) = (Rand(g, 2, 3, 4, 5), Rand(g, 2, 3, 6, 5), Rand(g, 2, 3, 6, 2));
        var mask = Rand(g, 2, 1, 1, 6);
        var y = F.ScaledDotProductAttention(q, k, v, mask);
        Assert.Equal([2, 3, 4, 2], y.ShapeToArray());
        var one = F.ScaledDotProductAttention(q.Select(0, 1).Select(0, 2), k.Select(0, 1).Select(0, 2), v.Select(0, 1).Select(0, 2),
            mask.Select(0, 1).Select(0, 0)).ToDoubleArray();
        var got = y.Select(0, 1).Select(0, 2).ToDoubleArray();
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], got[i], 1e-14);
    }

    [Fact]
    public void DropoutFollowsTheDocumentedStream()
    {
        var g = new Generator(6);
        var (q, k, v) = (Rand(g, 2, 3, 4), Rand(g, 2, 5, 4), Rand(g, 2, 5, 3));
        const double p = 0.4;
        var y = F.ScaledDotProductAttention(q, k, v, dropoutP: p, generator: new Generator(99)).ToDoubleArray();
        // Replay: one uniform per weight in row-major order, kept (×1/(1 − p)) when u ≥ p.
        var replay = new Generator(99);
        var m = new double[2 * 3 * 5];
        for (int i = 0; i < m.Length; i++) m[i] = replay.NextDouble() >= p ? 1 / (1 - p) : 0;
        var w = (q.MatMul(k.Transpose(-2, -1)) / 2.0).Softmax(-1) * Tensor.FromArray(m, 2, 3, 5);
        var expected = w.MatMul(v).ToDoubleArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(expected[i], y[i], 1e-14);
        var all = F.ScaledDotProductAttention(q, k, v, dropoutP: 1.0).ToDoubleArray();
        Assert.All(all, d => Assert.Equal(0.0, d));
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var q = Tensor.Zeros(2, 3, 4);
        var ex = Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, Tensor.Zeros(2, 5, 3), Tensor.Zeros(2, 5, 3)));
        Assert.Contains("scaled_dot_product_attention", ex.Message);
        Assert.Contains("[2, 5, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, Tensor.Zeros(2, 5, 4), Tensor.Zeros(2, 6, 4)));
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, Tensor.Zeros(2, 5, 4), Tensor.Zeros(2, 5, 4), Tensor.Zeros(4, 5)));
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(q, q, q, Tensor.Zeros(3, 3), isCausal: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.ScaledDotProductAttention(q, q, q, dropoutP: 1.5));
    }

    [Fact]
    public void GradCheckAdditiveMaskAndBroadcastKeys()
    {
        var g = new Generator(7);
        var q = Rand(g, 2, 3, 4).RequiresGrad_();
        var k = Rand(g, 1, 5, 4).RequiresGrad_();
        var v = Rand(g, 2, 5, 3).RequiresGrad_();
        var mask = Rand(g, 3, 5).RequiresGrad_();
        GradCheck.Assert(xs => F.ScaledDotProductAttention(xs[0], xs[1], xs[2], xs[3]), [q, k, v, mask]);
    }

    [Fact]
    public void GradCheckCausalUnbatched()
    {
        var g = new Generator(8);
        var q = Rand(g, 4, 3).RequiresGrad_();
        var k = Rand(g, 5, 3).RequiresGrad_();
        var v = Rand(g, 5, 2).RequiresGrad_();
        GradCheck.Assert(xs => F.ScaledDotProductAttention(xs[0], xs[1], xs[2], isCausal: true, scale: 0.8), [q, k, v]);
    }
}
