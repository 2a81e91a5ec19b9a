using System.Numerics.Tensors;
using Glassbox.Kernels;

namespace Glassbox;

/// <summary>A span-to-span elementwise kernel, output second as in TensorPrimitives (x, destination).</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

// Elementwise math functions. Each one is: forward through a span kernel, then its derivative f'(x)
// (or written in terms of the output y when that is cheaper, e.g. exp' = y, tanh' = 1 − y²).
public sealed partial class Tensor
{
    /// <summary>Applies a float kernel elementwise into a fresh tensor (parallel above the grain); no autograd.</summary>
    internal static Tensor UnaryRaw(Tensor x, string op, SpanMap<float> f32, SpanMap<double> f64)
    {
        x.RequireFloat(op);
        var src = x.ContiguousRaw();
        var y = new Tensor((int[])x.shape.Clone(), x.DType);
        if (x.DType == DType.Float32)
        {
            var (s, d, so) = (src.Data<float>(), y.Data<float>(), src.Offset);
            Par.For(x.Numel, Par.ElementwiseGrain, (i, n) => f32(s.AsSpan(so + i, n), d.AsSpan(i, n)));
        }
        else
        {
            var (s, d, so) = (src.Data<double>(), y.Data<double>(), src.Offset);
            Par.For(x.Numel, Par.ElementwiseGrain, (i, n) => f64(s.AsSpan(so + i, n), d.AsSpan(i, n)));
        }
        return y;
    }

    /// <summary>eˣ (<c>torch.exp</c>). d/dx eˣ = eˣ = y.</summary>
    public Tensor Exp()
    {
        var y = UnaryRaw(this, "exp", TensorPrimitives.Exp, TensorPrimitives.Exp);
        return RecordDifferentiable(y, "exp", [this], g => [g * y], y);
    }

    /// <summary>ln x (<c>torch.log</c>). d/dx ln x = 1/x.</summary>
    public Tensor Log()
    {
        var x = this;
        var y = UnaryRaw(x, "log", TensorPrimitives.Log, TensorPrimitives.Log);
        return RecordDifferentiable(y, "log", [x], g => [g / x], x);
    }

    /// <summary>tanh x (<c>torch.tanh</c>). d/dx tanh x = 1 − tanh²x = 1 − y².</summary>
    public Tensor Tanh()
    {
        var y = UnaryRaw(this, "tanh", TensorPrimitives.Tanh, TensorPrimitives.Tanh);
        return RecordDifferentiable(y, "tanh", [this], g => [g * (1.0 - y * y)], y);
    }

    /// <summary>σ(x) = 1/(1 + e⁻ˣ) (<c>torch.sigmoid</c>). σ' = σ(1 − σ) = y(1 − y).</summary>
    public Tensor Sigmoid()
    {
        var y = UnaryRaw(this, "sigmoid", TensorPrimitives.Sigmoid, TensorPrimitives.Sigmoid);
        return RecordDifferentiable(y, "sigmoid", [this], g => [g * y * (1.0 - y)], y);
    }

    /// <summary>√x (<c>torch.sqrt</c>). d/dx √x = 1/(2√x) = 1/(2y).</summary>
    public Tensor Sqrt()
    {
        var y = UnaryRaw(this, "sqrt", TensorPrimitives.Sqrt, TensorPrimitives.Sqrt);
        return RecordDifferentiable(y, "sqrt", [this], g => [g / (2.0 * y)], y);
    }

    /// <summary>max(x, 0) (<c>torch.relu</c>). The derivative is 1 for x &gt; 0 and 0 otherwise (0 at x = 0, as in PyTorch); backward is the fused <see cref="ReluKernels.Backward{T}"/>.</summary>
    public Tensor Relu()
    {
        var y = UnaryRaw(this, "relu", (x, d) => TensorPrimitives.Max(x, 0f, d), (x, d) => TensorPrimitives.Max(x, 0.0, d));
        return Record(y, "relu", [this], g =>
        {
            var gc = g.ContiguousRaw();
            var dx = new Tensor((int[])y.shape.Clone(), y.DType);
            if (y.DType == DType.Float32) ReluKernels.Backward(dx.Span<float>(), gc.Span<float>(), y.Span<float>());
            else ReluKernels.Backward(dx.Span<double>(), gc.Span<double>(), y.Span<double>());
            return [dx];
        },
        // Graph form: g·[y > 0]. The mask is a constant, so the second derivative in x is 0 (as it is almost
        // everywhere), while the dependence on g — what a gradient penalty differentiates — is kept.
        g => [g * y.Gt(0.0).To(g.DType)], y);
    }

    /// <summary>|x| (<c>torch.abs</c>). d/dx |x| = sign(x), taken as 0 at 0.</summary>
    public Tensor Abs()
    {
        var x = this;
        var y = UnaryRaw(x, "abs", TensorPrimitives.Abs, TensorPrimitives.Abs);
        return RecordDifferentiable(y, "abs", [x], g => [g * x.Sign()], x);
    }

    /// <summary>sign(x) ∈ {−1, 0, 1} (<c>torch.sign</c>); its gradient is zero everywhere it exists.</summary>
    public Tensor Sign()
    {
        var y = UnaryRaw(this, "sign",
            (x, d) => { for (int i = 0; i < x.Length; i++) d[i] = x[i] > 0 ? 1f : x[i] < 0 ? -1f : x[i]; },
            (x, d) => { for (int i = 0; i < x.Length; i++) d[i] = x[i] > 0 ? 1.0 : x[i] < 0 ? -1.0 : x[i]; });
        return RecordDifferentiable(y, "sign", [this], g => [ZerosLike(g)]);
    }
}
