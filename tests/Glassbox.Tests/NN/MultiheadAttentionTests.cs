using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>MultiheadAttention beyond the PyTorch fixtures: parameters and init, the inverted bool-mask convention,
/// the dropout stream on both attention paths, and shape errors.</summary>
public class MultiheadAttentionTests
{
    [Fact]
    public void ParametersAndInitFollowPyTorch()
    {
        var m = new MultiheadAttention(8, 2, generator: new Generator(1));
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], m.StateDict().Keys);
        // xavier_uniform on [3E, E]: bound √(6 / (E + 3E)) = √(6/32).
        var w = m.InProjWeight!.ToDoubleArray();
        double bound = Math.Sqrt(6.0 / 32);
        Assert.All(w, x => Assert.InRange(Math.Abs(x), 0, bound));
        Assert.True(w.Max(Math.Abs) > 0.8 * bound, "96 uniform draws should come near the bound");
        Assert.All(m.InProjBias!.ToDoubleArray(), b => Assert.Equal(0.0, b));
        Assert.All(m.OutProj.Bias!.ToDoubleArray(), b => Assert.Equal(0.0, b));
        var sep = new MultiheadAttention(6, 3, bias: false, addBiasKv: true, kdim: 4, vdim: 5);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v", "out_proj.weight"], sep.StateDict().Keys);
        Assert.Equal([6, 4], sep.KProjWeight!.ShapeToArray());
        Assert.Equal([1, 1, 6], sep.BiasK!.ShapeToArray());
        Assert.Throws<ArgumentException>(() => new MultiheadAttention(6, 4));
    }

    [Fact]
    public void BoolMaskTrueMeansIgnoreTheOppositeOfSdpa()
    {
        var g = new Generator(2);
        var m = new MultiheadAttention(4, 1, bias: false, dtype: DType.Float64, generator: g);
        // Identity projections: the module reduces to SDPA on the raw inputs.
        using (Glassbox.Autograd.GradMode.NoGrad())
        {
            m.InProjWeight!.MulInPlace(0);
            for (int r = 0; r < 12; r++) m.InProjWeight!.Select(0, r).Select(0, r % 4).AddInPlace(Tensor.Scalar(1, DType.Float64));
            m.OutProj.Weight.MulInPlace(0);
            for (int r = 0; r < 4; r++) m.OutProj.Weight.Select(0, r).Select(0, r).AddInPlace(Tensor.Scalar(1, DType.Float64));
        }
        var x = Tensor.Randn([3, 4], DType.Float64, g);
        var ignore = Tensor.FromArray([false, true, false, true, true, false, false, false, true], 3, 3);
        var (y, _) = m.Forward(x, x, x, attnMask: ignore);
        var expected = F.ScaledDotProductAttention(x, x, x, ignore.LogicalNot()).ToDoubleArray();
        var got = y.ToDoubleArray();
        // Two extra identity products (exact) and the same softmax: equal up to the summation order of the scores.
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 1e-14);
    }

    [Fact]
    public void DropoutStreamIsTheSameWithAndWithoutWeights()
    {
        var x = Tensor.Randn([5, 2, 6], DType.Float64, new Generator(3));
        var m1 = new MultiheadAttention(6, 3, dropout: 0.3, dtype: DType.Float64, generator: new Generator(4));
        var m2 = new MultiheadAttention(6, 3, dropout: 0.3, dtype: DType.Float64, generator: new Generator(4));
        var (a, w) = m1.Forward(x, x, x, needWeights: true);
        var (b, none) = m2.Forward(x, x, x, needWeights: false);
        Assert.Null(none);
        var (aa, bb) = (a.ToDoubleArray(), b.ToDoubleArray());
        for (int i = 0; i < aa.Length; i++) Assert.Equal(aa[i], bb[i], 1e-14);
        // Some weights were dropped, so the averaged rows no longer sum to 1.
        Assert.Contains(w!.Sum(-1).ToDoubleArray(), s => Math.Abs(s - 1) > 1e-3);
        m1.Eval();
        var (c, we) = m1.Forward(x, x, x);
        Assert.All(we!.Sum(-1).ToDoubleArray(), s => Assert.Equal(1.0, s, 1e-14));
        Assert.Equal([5, 2, 6], c.ShapeToArray());
    }

    [Fact]
    public void ShapeErrorsNameTheLayerAndShapes()
    {
        var m = new MultiheadAttention(4, 2);
        var x = Tensor.Zeros(3, 2, 4);
        var ex = Assert.Throws<ArgumentException>(() => m.Forward(x, Tensor.Zeros(3, 2, 5), Tensor.Zeros(3, 2, 5)));
        Assert.Contains("MultiheadAttention", ex.Message);
        Assert.Contains("[3, 2, 5]", ex.Message);
        Assert.Throws<ArgumentException>(() => m.Forward(x, x, x, attnMask: Tensor.Zeros(3, 4)));
        Assert.Throws<ArgumentException>(() => m.Forward(x, x, x, attnMask: Tensor.Zeros(3, 3, 3)));
        Assert.Throws<ArgumentException>(() => m.Forward(x, x, x, keyPaddingMask: Tensor.Zeros(3, 2)));
        Assert.Throws<ArgumentException>(() => m.Forward(Tensor.Zeros(4), x, x));
    }
}
