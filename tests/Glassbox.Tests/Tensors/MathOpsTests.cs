using Glassbox.Autograd;
using static Glassbox.Tests.Tensors.OpTestUtil;

namespace Glassbox.Tests.Tensors;

/// <summary>Elementwise math and activations: closed-form values, gradient checks, float32 vs float64, fused vs composed.</summary>
public class MathOpsTests
{
    public static TheoryData<int[]> Shapes => new() { new int[0], new[] { 0 }, new[] { 1 }, new[] { 7 }, new[] { 3, 5 }, new[] { 2, 3, 4 } };

    private static double[] Apply(Tensor t, Func<Tensor, Tensor> f) => f(t).ToDoubleArray();

    [Fact]
    public void ValuesMatchClosedForms()
    {
        var x = Tensor.FromArray([-2.5, -0.5, 0.7, 3.0]);
        // Reference values: exact formulas in double (Math.*), or torch 1.13 float64 output for gelu/softplus/silu/elu.
        Close([Math.Log(1 - 2.5), Math.Log(0.5), Math.Log(1.7), Math.Log(4.0)], Apply(x, t => t.Log1p()), 1e-15);
        Close([Math.Sin(-2.5), Math.Sin(-0.5), Math.Sin(0.7), Math.Sin(3.0)], Apply(x, t => t.Sin()), 1e-15, 1e-16);
        Close([Math.Cos(-2.5), Math.Cos(-0.5), Math.Cos(0.7), Math.Cos(3.0)], Apply(x, t => t.Cos()), 1e-15, 1e-16);
        Close([1 / Math.Sqrt(0.7), 1 / Math.Sqrt(3.0)], Apply(Tensor.FromArray([0.7, 3.0]), t => t.Rsqrt()), 1e-15);
        Close([-0.025, -0.005, 0.7, 3.0], Apply(x, t => t.LeakyRelu()), 1e-15);
        Close([-0.5, -0.1, 0.7, 3.0], Apply(x, t => t.LeakyRelu(0.2)), 1e-15);
        Close([-1.3768725020641517, -0.5902040104310499, 0.7, 3.0], Apply(x, t => t.Elu(1.5)), 1e-14);
        Close([-0.015524163314440398, -0.15426876936299344, 0.5306254434438489, 2.99595030590511], Apply(x, t => t.Gelu()), 1e-14);
        Close([-0.015084266089998577, -0.15428599017485606, 0.5305701347051167, 2.996362607918227], Apply(x, t => t.Gelu(GeluApproximate.Tanh)), 1e-14);
        Close([0.003357674244559034, 0.15663084375911143, 0.8102087049592255, 3.0], Apply(x, t => t.Softplus(2, 5)), 1e-14);
        Close([-0.18964545005310887, -0.1887703343990727, 0.46773144051771626, 2.8577223804672998], Apply(x, t => t.Silu()), 1e-14);
        Close([-1.0, -0.5, 0.7, 1.0], Apply(x, t => t.Clamp(-1, 1)), 0);
        Close([0.0, 0.0, 0.7, 3.0], Apply(x, t => t.ClampMin(0)), 0);
        Close([-2.5, -0.5, 0.5, 0.5], Apply(x, t => t.ClampMax(0.5)), 0);
        Close([Math.Log(2) + 1e-300, 1e-300], Apply(Tensor.FromArray([1.0, 1e-300]), t => t.Log1p()), 1e-15); // log1p keeps tiny x
    }

    [Fact]
    public void SoftplusIsLinearAboveThresholdAndFiniteFarBelow()
    {
        var x = Tensor.FromArray([25.0, 1000.0, -1000.0]);
        var y = x.Softplus().ToDoubleArray();
        Assert.Equal(25.0, y[0]);
        Assert.Equal(1000.0, y[1]);
        Assert.Equal(0.0, y[2]);
        // β·x = 2·15 = 30 > 20: linear; the gradient there is exactly 1.
        var z = Tensor.FromArray([15.0]).RequiresGrad_();
        z.Softplus(2).Sum().Backward();
        Assert.Equal(1.0, z.Grad!.Item());
    }

    [Fact]
    public void ClampPassesGradientOnTheClosedInterval()
    {
        // PyTorch 1.13: clamp(0, 1) on [-1, 0, 0.5, 1, 2] gives gradient [0, 1, 1, 1, 0].
        var x = Tensor.FromArray([-1.0, 0.0, 0.5, 1.0, 2.0]).RequiresGrad_();
        x.Clamp(0, 1).Sum().Backward();
        Assert.Equal(new[] { 0.0, 1, 1, 1, 0 }, x.Grad!.ToArray<double>());
        x.ZeroGrad();
        x.ClampMin(0).Sum().Backward();
        Assert.Equal(new[] { 0.0, 1, 1, 1, 1 }, x.Grad!.ToArray<double>());
        Assert.Equal(new long[] { 0, 0, 1, 2, 2 }, Tensor.FromArray(new long[] { -3, 0, 1, 2, 9 }).Clamp(0, 2).ToArray<long>());
        Assert.Throws<ArgumentException>(() => x.Clamp());
    }

    [Fact]
    public void KinkDerivativesMatchPyTorch()
    {
        // At x = 0 PyTorch takes leaky_relu' = slope and elu' = α.
        var x = Tensor.FromArray([0.0]).RequiresGrad_();
        x.LeakyRelu(0.1).Sum().Backward();
        Assert.Equal(0.1, x.Grad!.Item(), 15);
        x.ZeroGrad();
        x.Elu(2.0).Sum().Backward();
        Assert.Equal(2.0, x.Grad!.Item(), 15);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void SmoothOpGradientsMatchFiniteDifferences(int[] shape)
    {
        var a = R(11, shape);
        GradCheck.Assert(x => x[0].Log1p(), [a]);
        GradCheck.Assert(x => x[0].Sin(), [a]);
        GradCheck.Assert(x => x[0].Cos(), [a]);
        GradCheck.Assert(x => x[0].Erf(), [a]);
        GradCheck.Assert(x => x[0].Gelu(), [Uniform(12, -4, 4, shape)]);
        GradCheck.Assert(x => x[0].Gelu(GeluApproximate.Tanh), [Uniform(13, -4, 4, shape)]);
        GradCheck.Assert(x => x[0].Silu(), [Uniform(14, -4, 4, shape)]);
        GradCheck.Assert(x => x[0].Softplus(), [Uniform(15, -4, 4, shape)]);
        GradCheck.Assert(x => x[0].Softplus(3, 2), [AwayFromZero(16, shape)]); // crosses the threshold (βx = 2 at x = 2/3)
        GradCheck.Assert(x => x[0].Rsqrt(), [Uniform(17, 0.3, 3, shape)]);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void PiecewiseOpGradientsMatchFiniteDifferences(int[] shape)
    {
        // Inputs stay ≥ 0.2 away from the kinks at 0 and at the clamp bounds.
        var a = AwayFromZero(21, shape);
        GradCheck.Assert(x => x[0].LeakyRelu(), [a]);
        GradCheck.Assert(x => x[0].LeakyRelu(0.3), [a]);
        GradCheck.Assert(x => x[0].Elu(), [a]);
        GradCheck.Assert(x => x[0].Elu(0.7), [a]);
        GradCheck.Assert(x => x[0].Clamp(-0.1, 0.1), [a]);
        GradCheck.Assert(x => x[0].Clamp(-2.0, 2.0), [a]);
        GradCheck.Assert(x => x[0].ClampMin(0.0), [a]);
        GradCheck.Assert(x => x[0].ClampMax(0.0), [a]);
    }

    [Fact]
    public void FusedActivationsMatchTheirCompositions()
    {
        // Forward and gradient of each fused kernel against the same function built from primitive ops.
        // Tolerance 1e-13: different but equally exact evaluation orders of the same double formulas.
        var x = Uniform(31, -6, 6, 5, 7);
        const double sqrt2OverPi = 0.7978845608028654;
        Compare(t => t.Gelu(), t => t * 0.5 * ((t / Math.Sqrt(2)).Erf() + 1.0), x);
        Compare(t => t.Gelu(GeluApproximate.Tanh), t => t * 0.5 * ((sqrt2OverPi * (t + 0.044715 * t * t * t)).Tanh() + 1.0), x);
        Compare(t => t.Silu(), t => t * t.Sigmoid(), x);
        Compare(t => t.Softplus(1.5, 20), t => (t * 1.5).Exp().Log1p() / 1.5, x);
        Compare(t => t.Elu(1.3), t => Tensor.Where(t.Gt(0.0), t, ((t.Exp() - 1.0) * 1.3)), x);
        Compare(t => t.LeakyRelu(0.05), t => t.Maximum(t * 0.05), x);
    }

    private static void Compare(Func<Tensor, Tensor> fused, Func<Tensor, Tensor> composed, Tensor x)
    {
        var a = x.Detach().RequiresGrad_(); var b = x.Detach().RequiresGrad_();
        var ya = fused(a); var yb = composed(b);
        Close(yb.ToDoubleArray(), ya.ToDoubleArray(), 1e-13, 1e-15);
        ya.Sum().Backward(); yb.Sum().Backward();
        Close(b.Grad!.ToDoubleArray(), a.Grad!.ToDoubleArray(), 1e-12, 1e-14);
    }

    [Fact]
    public void Float32ForwardMatchesFloat64()
    {
        var (f, d) = FloatPair(Uniform(41, -5, 5, 4, 33));
        var (fp, dp) = FloatPair(Uniform(42, 0.01, 5, 4, 33));
        // 1e-6 relative: float32 rounds each result to ~6e-8 relative; TensorPrimitives' float kernels are within a few ulp.
        // The 1e-7 absolute floor covers results near a zero of the function (sin, cos, gelu's left tail) where
        // relative error is meaningless.
        foreach (var (name, op) in new (string, Func<Tensor, Tensor>)[]
        {
            ("sin", t => t.Sin()), ("cos", t => t.Cos()), ("erf", t => t.Erf()), ("gelu", t => t.Gelu()),
            ("gelu_tanh", t => t.Gelu(GeluApproximate.Tanh)), ("silu", t => t.Silu()), ("softplus", t => t.Softplus()),
            ("elu", t => t.Elu()), ("leaky_relu", t => t.LeakyRelu()), ("clamp", t => t.Clamp(-1, 2)),
        })
        {
            Assert.Equal(DType.Float32, op(f).DType);
            Close(op(d).ToDoubleArray(), op(f).ToDoubleArray(), 1e-6, 1e-7);
        }
        Close(dp.Log1p().ToDoubleArray(), fp.Log1p().ToDoubleArray(), 1e-6);
        Close(dp.Rsqrt().ToDoubleArray(), fp.Rsqrt().ToDoubleArray(), 1e-6);
    }

    [Fact]
    public void GeluRejectsUnknownApproximation()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2).Gelu((GeluApproximate)7));
        Assert.Contains("gelu", e.Message);
        Assert.Equal("approximate", e.ParamName);
    }
}
