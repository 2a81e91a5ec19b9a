using Glassbox.Kernels;

namespace Glassbox;

// Activation functions (the <c>torch.nn.functional</c> family). Each has a fused span kernel for f and one
// for f′ in Kernels/ActivationKernels.cs; the backward is g·f′(x). Tests compare each fused kernel with the
// same function composed from primitive ops.
public sealed partial class Tensor
{
    /// <summary>
    /// LeakyReLU (<c>torch.nn.functional.leaky_relu</c>): y = x for x &gt; 0, else negativeSlope·x.
    /// dy/dx = 1 for x &gt; 0, else negativeSlope (PyTorch takes the slope at x = 0).
    /// </summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01)
    {
        float s32 = (float)negativeSlope;
        return UnaryWithDerivative("leaky_relu",
            (x, y) => ActivationKernels.LeakyRelu(y, x, s32), (x, y) => ActivationKernels.LeakyRelu(y, x, negativeSlope),
            (x, d) => ActivationKernels.LeakyReluGrad(d, x, s32), (x, d) => ActivationKernels.LeakyReluGrad(d, x, negativeSlope),
            x => x.Gt(0.0).To(x.DType) * (1.0 - negativeSlope) + negativeSlope);
    }

    /// <summary>
    /// ELU (<c>torch.nn.functional.elu</c>; Clevert et al. 2015): y = x for x &gt; 0, else α(eˣ − 1).
    /// dy/dx = 1 for x &gt; 0, else α·eˣ (α at x = 0, as PyTorch).
    /// </summary>
    public Tensor Elu(double alpha = 1.0)
    {
        float a32 = (float)alpha;
        return UnaryWithDerivative("elu",
            (x, y) => ActivationKernels.Elu(y, x, a32), (x, y) => ActivationKernels.Elu(y, x, alpha),
            (x, d) => ActivationKernels.EluGrad(d, x, a32), (x, d) => ActivationKernels.EluGrad(d, x, alpha),
            // min(x, 0) inside the exponential: the unselected branch must stay finite, or its zero gradient
            // would meet an infinite e^x and give NaN in a higher derivative.
            x => Where(x.Gt(0.0), OnesLike(x), x.ClampMax(0.0).Exp() * alpha));
    }

    /// <summary>
    /// GELU (<c>torch.nn.functional.gelu</c>; Hendrycks &amp; Gimpel 2016).
    /// <see cref="GeluApproximate.None"/>: y = x·Φ(x) = ½x·(1 + erf(x/√2)), dy/dx = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
    /// <see cref="GeluApproximate.Tanh"/>: y = ½x·(1 + tanh u), u = √(2/π)(x + 0.044715x³),
    /// dy/dx = ½(1 + tanh u) + ½x·(1 − tanh²u)·√(2/π)(1 + 0.134145x²).
    /// </summary>
    /// <param name="approximate">The exact formula (via <see cref="SpecialFunctions.NormalCdf"/> in float64, and a vectorised
    /// erfc accurate to 2e-10 in float32, see <see cref="GeluKernels"/>) or the tanh one.</param>
    public Tensor Gelu(GeluApproximate approximate = GeluApproximate.None) => approximate switch
    {
        GeluApproximate.None when DType == DType.Float32 => GeluFloat32(),
        GeluApproximate.None => UnaryWithDerivative("gelu",
            (x, y) => GeluKernels.Gelu(y, x), (x, y) => ActivationKernels.Gelu(y, x),
            (x, d) => GeluKernels.GeluGrad(d, x), (x, d) => ActivationKernels.GeluGrad(d, x),
            x => 0.5 * (1.0 + (x * (1.0 / Math.Sqrt(2.0))).Erf()) + x * (x * x * -0.5).Exp() * (1.0 / Math.Sqrt(2.0 * Math.PI))),
        GeluApproximate.Tanh => UnaryWithDerivative("gelu",
            (x, y) => ActivationKernels.GeluTanh(y, x), (x, y) => ActivationKernels.GeluTanh(y, x),
            (x, d) => ActivationKernels.GeluTanhGrad(d, x), (x, d) => ActivationKernels.GeluTanhGrad(d, x),
            x =>
            {
                double c = Math.Sqrt(2.0 / Math.PI);
                var t = ((x + x * x * x * 0.044715) * c).Tanh();
                return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * (1.0 + x * x * 0.134145) * c;
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "gelu: approximate must be GeluApproximate.None or GeluApproximate.Tanh"),
    };

    /// <summary>
    /// Exact GELU in float32 with a fused backward: dx = g·GELU′(x) in one pass over (g, x), instead of materialising
    /// GELU′(x) and multiplying (one tensor and one memory pass fewer in every transformer MLP's backward).
    /// </summary>
    private Tensor GeluFloat32()
    {
        var x = this;
        var y = UnaryRaw(x, "gelu", (s, d) => GeluKernels.Gelu(d, s), (s, d) => ActivationKernels.Gelu(d, s));
        return Record(y, "gelu", [x], g =>
        {
            var xc = x.ContiguousRaw();
            var gc = g.To(DType.Float32).ContiguousRaw();
            var dx = new Tensor((int[])x.shape.Clone(), DType.Float32);
            var (xs, xo, gs, go, ds) = (xc.Data<float>(), xc.Offset, gc.Data<float>(), gc.Offset, dx.Data<float>());
            Par.For(x.Numel, Par.ElementwiseGrain, (i, n) => GeluKernels.GeluBackward(ds.AsSpan(i, n), gs.AsSpan(go + i, n), xs.AsSpan(xo + i, n)));
            return [dx];
        },
        // Under createGraph: g·GELU′(x) from differentiable ops, GELU′(x) = Φ(x) + x·φ(x), so second derivatives exist.
        g => [g * (0.5 * (1.0 + (x * (1.0 / Math.Sqrt(2.0))).Erf()) + x * (x * x * -0.5).Exp() * (1.0 / Math.Sqrt(2.0 * Math.PI)))],
        x);
    }

    /// <summary>
    /// Softplus (<c>torch.nn.functional.softplus</c>): y = ln(1 + e^(βx))/β, a smooth ReLU; where βx &gt; threshold
    /// it returns x itself (PyTorch's guard: there the two differ by less than e^(−threshold)/β).
    /// dy/dx = σ(βx), or 1 above the threshold.
    /// </summary>
    public Tensor Softplus(double beta = 1, double threshold = 20)
    {
        if (!(beta != 0) || double.IsNaN(beta)) throw new ArgumentException($"softplus: beta must be non-zero, got {beta}", nameof(beta));
        return UnaryWithDerivative("softplus",
            (x, y) => ActivationKernels.Softplus(y, x, beta, threshold), (x, y) => ActivationKernels.Softplus(y, x, beta, threshold),
            (x, d) => ActivationKernels.SoftplusGrad(d, x, beta, threshold), (x, d) => ActivationKernels.SoftplusGrad(d, x, beta, threshold),
            x => { var bx = x * beta; return Where(bx.Gt(threshold), OnesLike(x), bx.Sigmoid()); });
    }

    /// <summary>
    /// SiLU, also called swish (<c>torch.nn.functional.silu</c>; Elfwing et al. 2017): y = x·σ(x).
    /// dy/dx = σ(x)·(1 + x·(1 − σ(x))).
    /// </summary>
    public Tensor Silu() => UnaryWithDerivative("silu",
        (x, y) => ActivationKernels.Silu(y, x), (x, y) => ActivationKernels.Silu(y, x),
        (x, d) => ActivationKernels.SiluGrad(d, x), (x, d) => ActivationKernels.SiluGrad(d, x),
        x => { var s = x.Sigmoid(); return s * (1.0 + x * (1.0 - s)); });
}
