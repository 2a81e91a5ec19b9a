using System.Numerics;
using Glassbox.Autograd;
using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>Sinusoidal and learned position codes, rotary embeddings (against the complex-number formulation) and ALiBi.</summary>
public class PositionalEncodingTests
{
    [Fact]
    public void SinusoidalValuesFollowThePaper()
    {
        var pe = new SinusoidalPositionalEncoding(5, maxLength: 20, dtype: DType.Float64);
        var table = pe.Pe.ToDoubleArray();
        for (int t = 0; t < 20; t++)
            for (int c = 0; c < 5; c++)
            {
                double w = Math.Pow(10000, -(2.0 * (c / 2)) / 5);
                double expected = c % 2 == 0 ? Math.Sin(t * w) : Math.Cos(t * w);
                // exp(−2i·ln 10000/d) vs pow: both within a few ulps of ω; the angle t·ω ≤ 19 keeps the error ≤ ~1e-14.
                Assert.Equal(expected, table[t * 5 + c], 1e-13);
            }
        Assert.Empty(pe.StateDict());
    }

    [Fact]
    public void SinusoidalShiftIsARotationPerPair()
    {
        // PE(t + k) = R(k·ω_i)·PE(t) for each (sin, cos) pair: the linear, position-independent map of §3.5.
        const int d = 8, k = 7;
        var table = new SinusoidalPositionalEncoding(d, maxLength: 40, dtype: DType.Float64).Pe.ToDoubleArray();
        for (int i = 0; i < d / 2; i++)
        {
            double b = k * Math.Pow(10000, -2.0 * i / d);
            for (int t = 0; t + k < 40; t++)
            {
                double s = table[t * d + 2 * i], c = table[t * d + 2 * i + 1];
                Assert.Equal(s * Math.Cos(b) + c * Math.Sin(b), table[(t + k) * d + 2 * i], 1e-12);
                Assert.Equal(c * Math.Cos(b) - s * Math.Sin(b), table[(t + k) * d + 2 * i + 1], 1e-12);
            }
        }
    }

    [Fact]
    public void SinusoidalForwardAddsWithOffset()
    {
        var pe = new SinusoidalPositionalEncoding(4, maxLength: 10, dtype: DType.Float64);
        var x = Tensor.Randn([2, 3, 4], DType.Float64, new Generator(1));
        var y = pe.Forward(x, offset: 5).ToDoubleArray();
        var xs = x.ToDoubleArray();
        var table = pe.Pe.ToDoubleArray();
        for (int n = 0; n < 2; n++)
            for (int t = 0; t < 3; t++)
                for (int c = 0; c < 4; c++)
                    Assert.Equal(xs[(n * 3 + t) * 4 + c] + table[(5 + t) * 4 + c], y[(n * 3 + t) * 4 + c]);
        Assert.Throws<ArgumentException>(() => pe.Forward(x, offset: 8));
        Assert.Throws<ArgumentException>(() => pe.Forward(Tensor.Zeros(3, 5)));
    }

    [Fact]
    public void LearnedEmbeddingAddsRowsAndTrainsThem()
    {
        var pos = new LearnedPositionalEmbedding(6, 3, dtype: DType.Float64, generator: new Generator(2));
        Assert.Equal(["weight"], pos.StateDict().Keys);
        var x = Tensor.Randn([2, 4, 3], DType.Float64, new Generator(3));
        var y = pos.Forward(x, offset: 1);
        var expected = (x + pos.Weight.Narrow(0, 1, 4).Detach()).ToDoubleArray();
        Assert.Equal(expected, y.ToDoubleArray());
        y.Sum().Backward();
        // Each used row gets one gradient per batch element (2); rows 0 and 5 were not used.
        var g = pos.Weight.Grad!.ToDoubleArray();
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 3; c++) Assert.Equal(r is >= 1 and <= 4 ? 2.0 : 0.0, g[r * 3 + c]);
        Assert.Throws<ArgumentException>(() => pos.Forward(x, offset: 3));
    }

    [Fact]
    public void RotaryMatchesComplexMultiplication()
    {
        // Rotate-half pairs dims (i, i + d/2): z_i = x_i + i·x_{i+d/2} is multiplied by e^(i·t·θ_i), θ_i = base^(−2i/d).
        const int d = 10, h = d / 2, T = 7;
        var rope = new RotaryEmbedding(d, @base: 500, dtype: DType.Float64);
        var x = Tensor.Randn([2, 3, T, d], DType.Float64, new Generator(4));
        var y = rope.Forward(x, offset: 3).ToDoubleArray();
        var xs = x.ToDoubleArray();
        for (int row = 0; row < 2 * 3 * T; row++)
        {
            int t = row % T + 3;
            for (int i = 0; i < h; i++)
            {
                var z = new Complex(xs[row * d + i], xs[row * d + i + h]) * Complex.FromPolarCoordinates(1, t * Math.Pow(500, -2.0 * i / d));
                // O(1) values through one sin/cos and two products: 1e-14 is ~50 ulps.
                Assert.Equal(z.Real, y[row * d + i], 1e-14);
                Assert.Equal(z.Imaginary, y[row * d + i + h], 1e-14);
            }
        }
    }

    [Fact]
    public void RotaryDotProductDependsOnRelativePositionOnly()
    {
        var rope = new RotaryEmbedding(8, dtype: DType.Float64);
        var g = new Generator(5);
        var q = Tensor.Randn([1, 8], DType.Float64, g);
        var k = Tensor.Randn([1, 8], DType.Float64, g);
        double Score(int m, int n) => (rope.Forward(q, m) * rope.Forward(k, n)).Sum().Item();
        Assert.Equal(Score(2, 9), Score(102, 109), 1e-12);
        Assert.Equal(Score(9, 2), Score(40, 33), 1e-12);
        Assert.NotEqual(Score(2, 9), Score(9, 2), 6);
    }

    [Fact]
    public void RotaryGradCheckAndFloat32()
    {
        var rope = new RotaryEmbedding(6, dtype: DType.Float64);
        var x = Tensor.Randn([2, 5, 6], DType.Float64, new Generator(6)).RequiresGrad_();
        GradCheck.Assert(xs => rope.Forward(xs[0], 2), [x]);
        var y32 = rope.Forward(x.Detach().To(DType.Float32), 2).ToDoubleArray();
        var y64 = rope.Forward(x.Detach(), 2).ToDoubleArray();
        // float32: inputs rounded (2⁻²⁴ relative) plus two products and a sum of O(1) values: 1e-6 is ~10 ulps of 1.
        for (int i = 0; i < y64.Length; i++) Assert.Equal(y64[i], y32[i], 1e-6);
        Assert.Throws<ArgumentException>(() => new RotaryEmbedding(5));
    }

    [Fact]
    public void AlibiSlopesFollowThePaper()
    {
        Assert.Equal(Enumerable.Range(1, 8).Select(h => Math.Pow(2, -h)), F.AlibiSlopes(8));
        Assert.Equal([0.25, 1.0 / 16, 1.0 / 64, 1.0 / 256, 0.5, 0.125], F.AlibiSlopes(6));
        Assert.Equal([Math.Pow(2, -8)], F.AlibiSlopes(1));
    }

    [Fact]
    public void AlibiBiasIsLinearInDistanceAndShiftInvariantUnderSoftmax()
    {
        var bias = F.AlibiBias(4, 5, 5, causal: true, dtype: DType.Float64);
        var b = bias.ToDoubleArray();
        var slopes = F.AlibiSlopes(4);
        for (int h = 0; h < 4; h++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                    Assert.Equal(j > i ? double.NegativeInfinity : -slopes[h] * (i - j), b[(h * 5 + i) * 5 + j]);
        // Per row the bias differs from m·j (the "key position only" form) by a constant, which the softmax ignores.
        var g = new Generator(7);
        var (q, k, v) = (Tensor.Randn([2, 4, 5, 3], DType.Float64, g), Tensor.Randn([2, 4, 5, 3], DType.Float64, g), Tensor.Randn([2, 4, 5, 3], DType.Float64, g));
        var keyOnly = new double[4 * 5 * 5];
        for (int h = 0; h < 4; h++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++) keyOnly[(h * 5 + i) * 5 + j] = j > i ? double.NegativeInfinity : slopes[h] * j;
        var a = F.ScaledDotProductAttention(q, k, v, bias).ToDoubleArray();
        var c = F.ScaledDotProductAttention(q, k, v, Tensor.FromArray(keyOnly, 4, 5, 5)).ToDoubleArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], c[i], 1e-13);
        // Queries at the end of a longer key sequence (decoding with a cache).
        var late = F.AlibiBias(1, 2, 6, causal: true, queryOffset: 4, dtype: DType.Float64).ToDoubleArray();
        Assert.Equal(0.0, late[0 * 6 + 4]);
        Assert.Equal(double.NegativeInfinity, late[0 * 6 + 5]);
        Assert.Equal(-F.AlibiSlopes(1)[0] * 5, late[1 * 6 + 0]);
    }
}
