using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox;

// More elementwise math: log1p, sin, cos, rsqrt, erf and clamp. Same pattern as Tensor.Unary.cs: a span
// kernel forward, then the derivative written next to it (in terms of the output where that is cheaper).
public sealed partial class Tensor
{
    /// <summary>
    /// Runs a forward kernel, and records a backward that multiplies the incoming gradient by a derivative
    /// kernel f′(x) evaluated on the saved input. Shared by ops whose derivative has its own fused kernel.
    /// </summary>
    /// <param name="op">Op name (the backward kernel runs as op_backward).</param>
    /// <param name="f32">Forward kernel, float32.</param>
    /// <param name="f64">Forward kernel, float64.</param>
    /// <param name="d32">Derivative kernel f′(x), float32.</param>
    /// <param name="d64">Derivative kernel f′(x), float64.</param>
    /// <param name="derivative">f′(x) composed from differentiable tensor ops: the graph form of the backward,
    /// g·f′(x), used by backward with <c>createGraph</c>. Null makes the op first-order only.</param>
    internal Tensor UnaryWithDerivative(string op, SpanMap<float> f32, SpanMap<double> f64, SpanMap<float> d32, SpanMap<double> d64,
        Func<Tensor, Tensor>? derivative = null)
    {
        var x = this;
        var y = UnaryRaw(x, op, f32, f64);
        Func<Tensor, Tensor?[]> fast = g => [g * UnaryRaw(x, op + "_backward", d32, d64)];
        return derivative is null ? Record(y, op, [x], fast, x) : Record(y, op, [x], fast, g => [g * derivative(x)], x);
    }

    /// <summary>
    /// ln(1 + x), accurate for small |x| (<c>torch.log1p</c>). d/dx = 1/(1 + x). Not TensorPrimitives.LogP1,
    /// which computes ln(x + 1) literally; see <see cref="SpecialFunctions.Log1p"/>.
    /// </summary>
    public Tensor Log1p()
    {
        var x = this;
        var y = UnaryRaw(x, "log1p", (s, d) => ActivationKernels.Log1p(d, s), (s, d) => ActivationKernels.Log1p(d, s));
        return RecordDifferentiable(y, "log1p", [x], g => [g / (x + 1.0)], x);
    }

    /// <summary>sin x (<c>torch.sin</c>). d/dx sin x = cos x.</summary>
    public Tensor Sin()
    {
        var x = this;
        var y = UnaryRaw(x, "sin", TensorPrimitives.Sin, TensorPrimitives.Sin);
        return RecordDifferentiable(y, "sin", [x], g => [g * x.Cos()], x);
    }

    /// <summary>cos x (<c>torch.cos</c>). d/dx cos x = −sin x.</summary>
    public Tensor Cos()
    {
        var x = this;
        var y = UnaryRaw(x, "cos", TensorPrimitives.Cos, TensorPrimitives.Cos);
        return RecordDifferentiable(y, "cos", [x], g => [-(g * x.Sin())], x);
    }

    /// <summary>
    /// 1/√x (<c>torch.rsqrt</c>), computed exactly (TensorPrimitives.ReciprocalSqrt, not the hardware
    /// estimate). d/dx x^(−1/2) = −½·x^(−3/2) = −½·y³.
    /// </summary>
    public Tensor Rsqrt()
    {
        var y = UnaryRaw(this, "rsqrt", TensorPrimitives.ReciprocalSqrt, TensorPrimitives.ReciprocalSqrt);
        return RecordDifferentiable(y, "rsqrt", [this], g => [g * (y * y * y * -0.5)], y);
    }

    /// <summary>
    /// The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt (<c>torch.erf</c>); see <see cref="SpecialFunctions"/> for
    /// the algorithm and its accuracy (≤ 1e-15 absolute in double; float32 is computed in double and rounded).
    /// d/dx erf x = (2/√π)·e^(−x²).
    /// </summary>
    public Tensor Erf() => UnaryWithDerivative("erf",
        (x, y) => ActivationKernels.Erf(y, x), (x, y) => ActivationKernels.Erf(y, x),
        (x, d) => ActivationKernels.ErfGrad(d, x), (x, d) => ActivationKernels.ErfGrad(d, x),
        x => (-(x * x)).Exp() * (2.0 / Math.Sqrt(Math.PI)));

    /// <summary>
    /// Clamps every element into [min, max] (<c>torch.clamp</c>); a null bound is absent. y = min(max(x, min), max),
    /// so when min &gt; max every element becomes max, as in PyTorch; NaN propagates.
    /// </summary>
    /// <remarks>
    /// Gradient: 1 where min ≤ x ≤ max, 0 outside. The bounds themselves pass the gradient (PyTorch's
    /// <c>clamp_backward</c> uses the closed interval), so a value sitting exactly on a bound still learns.
    /// Works for int64 tensors too (no gradient there).
    /// </remarks>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp: at least one of min or max must be given");
        var x = this;
        var y = x;
        if (min is double lo) y = BinaryRaw(y, x.ScalarLike(lo), BinaryOp.Maximum, "clamp");
        if (max is double hi) y = BinaryRaw(y, x.ScalarLike(hi), BinaryOp.Minimum, "clamp");
        if (ReferenceEquals(y, x)) y = x.CopyRaw();
        return RecordDifferentiable(y, "clamp", [x], g =>
        {
            Tensor? inside = null;
            if (min is double lo2) inside = x.Ge(lo2);
            if (max is double hi2) inside = inside is null ? x.Le(hi2) : inside.LogicalAnd(x.Le(hi2));
            return [g * inside!.To(g.DType)];
        }, x);
    }

    /// <summary>Clamps from below only (<c>torch.clamp_min</c>).</summary>
    public Tensor ClampMin(double min) => Clamp(min, null);

    /// <summary>Clamps from above only (<c>torch.clamp_max</c>).</summary>
    public Tensor ClampMax(double max) => Clamp(null, max);
}
