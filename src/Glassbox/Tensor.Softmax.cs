using Glassbox.Autograd;
using Glassbox.Kernels;

namespace Glassbox;

/// <summary>A kernel over a contiguous [outer, reduce, inner] layout, output first.</summary>
internal delegate void LayoutMap<T>(Span<T> y, ReadOnlySpan<T> x, int outer, int reduce, int inner);

/// <summary>A backward kernel over [outer, reduce, inner]: dx from the saved output y and the gradient g.</summary>
internal delegate void LayoutBackward<T>(Span<T> dx, ReadOnlySpan<T> y, ReadOnlySpan<T> g, int outer, int reduce, int inner);

// The softmax family: softmax, log-softmax and log-sum-exp, all shifted by the maximum for stability
// (see Kernels/SoftmaxKernels.cs for the kernels and their backward formulas).
public sealed partial class Tensor
{
    /// <summary>Softmax and log-softmax go parallel over outer slices once a chunk holds this many elements.</summary>
    internal const int SoftmaxGrain = 1 << 14;

    /// <summary>
    /// Softmax along <paramref name="dim"/> (<c>torch.softmax(x, dim)</c>): yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = maxⱼ xⱼ.
    /// Rows of an all −∞ slice give NaN, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// Jacobian ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ), so the backward is the vector-Jacobian product ∂L/∂x = y ⊙ (g − ⟨g, y⟩)
    /// along the dimension, O(n) rather than forming the n×n Jacobian. Parallel over independent slices.
    /// </remarks>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>
    /// Log-softmax along <paramref name="dim"/> (<c>torch.log_softmax(x, dim)</c>):
    /// yᵢ = (xᵢ − m) − ln Σⱼ e^(xⱼ − m). Finite for any finite input, however large (unlike log(softmax(x)),
    /// whose small probabilities underflow to 0 and give −∞).
    /// </summary>
    /// <remarks>∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ, so ∂L/∂x = g − e^y·Σᵢ gᵢ along the dimension.</remarks>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        string op = log ? "log_softmax" : "softmax";
        RequireFloat(op);
        int d = ShapeUtil.WrapDim(dim, NDim, op);
        var xin = this;
        var (x, outer, reduce, inner) = ReduceLayout([d]);
        var y = new Tensor((int[])shape.Clone(), DType);
        if (log) RunLayout(y, x, outer, reduce, inner, SoftmaxKernels.LogSoftmax, SoftmaxKernels.LogSoftmax);
        else RunLayout(y, x, outer, reduce, inner, SoftmaxKernels.Softmax, SoftmaxKernels.Softmax);
        return Record(y, op, [xin], g =>
        {
            var gc = g.To(y.DType).ContiguousRaw();
            var dx = new Tensor((int[])y.shape.Clone(), y.DType);
            if (log) RunLayoutBackward(dx, y, gc, outer, reduce, inner, SoftmaxKernels.LogSoftmaxBackward, SoftmaxKernels.LogSoftmaxBackward);
            else RunLayoutBackward(dx, y, gc, outer, reduce, inner, SoftmaxKernels.SoftmaxBackward, SoftmaxKernels.SoftmaxBackward);
            return [dx];
        },
        // Graph form, the same formulas in tensor ops on the saved output (whose own graph leads back to x).
        g => log ? [g - y.Exp() * g.Sum(d, keepDim: true)] : [y * (g - (g * y).Sum(d, keepDim: true))], y);
    }

    /// <summary>Runs a layout kernel with the outer slices split across threads (fresh contiguous output y).</summary>
    internal static void RunLayout(Tensor y, Tensor x, int outer, int reduce, int inner, LayoutMap<float> f32, LayoutMap<double> f64)
    {
        int slab = reduce * inner;
        int grain = Math.Max(1, SoftmaxGrain / Math.Max(slab, 1));
        int xo = x.Offset;
        if (y.DType == DType.Float32)
        {
            var (yd, xd) = (y.Data<float>(), x.Data<float>());
            Par.For(outer, grain, (o, n) => f32(yd.AsSpan(o * slab, n * slab), xd.AsSpan(xo + o * slab, n * slab), n, reduce, inner));
        }
        else
        {
            var (yd, xd) = (y.Data<double>(), x.Data<double>());
            Par.For(outer, grain, (o, n) => f64(yd.AsSpan(o * slab, n * slab), xd.AsSpan(xo + o * slab, n * slab), n, reduce, inner));
        }
    }

    private static void RunLayoutBackward(Tensor dx, Tensor y, Tensor g, int outer, int reduce, int inner, LayoutBackward<float> f32, LayoutBackward<double> f64)
    {
        int slab = reduce * inner;
        int grain = Math.Max(1, SoftmaxGrain / Math.Max(slab, 1));
        int go = g.Offset;
        if (dx.DType == DType.Float32)
        {
            var (dd, yd, gd) = (dx.Data<float>(), y.Data<float>(), g.Data<float>());
            Par.For(outer, grain, (o, n) => f32(dd.AsSpan(o * slab, n * slab), yd.AsSpan(o * slab, n * slab), gd.AsSpan(go + o * slab, n * slab), n, reduce, inner));
        }
        else
        {
            var (dd, yd, gd) = (dx.Data<double>(), y.Data<double>(), g.Data<double>());
            Par.For(outer, grain, (o, n) => f64(dd.AsSpan(o * slab, n * slab), yd.AsSpan(o * slab, n * slab), gd.AsSpan(go + o * slab, n * slab), n, reduce, inner));
        }
    }

    /// <summary>log Σ eˣ over one dimension (<c>torch.logsumexp(x, dim, keepdim)</c>).</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    /// <summary>
    /// log Σ eˣ over several dimensions (<c>torch.logsumexp</c>); null or empty means all. Computed as
    /// m + ln Σ e^(x − m) with m the maximum over the reduced dims (replaced by 0 where it is ±∞, so an
    /// all −∞ slice gives −∞ and a slice containing +∞ gives +∞ instead of NaN). An empty slice gives −∞.
    /// </summary>
    /// <remarks>∂/∂xᵢ log Σⱼ e^(xⱼ) = e^(xᵢ − y) = softmax(x)ᵢ.</remarks>
    public Tensor LogSumExp(int[]? dims, bool keepDim = false)
    {
        RequireFloat("logsumexp");
        var d = ReduceDims(dims, "logsumexp");
        var x = this;
        Tensor y;
        using (GradMode.NoGrad())
        {
            if (d.Any(k => k < NDim && shape[k] == 0)) y = Full(ReducedShape(d, keepDim), double.NegativeInfinity, DType);
            else
            {
                var m = ExtremumRaw(d, keepDim: true, isMax: true, "logsumexp");
                m = Where(m.Abs().Lt(double.PositiveInfinity), m, 0.0);
                var lse = (x - m).Exp().Sum(d, keepDim: true).Log() + m;
                y = keepDim ? lse : lse.Reshape(ReducedShape(d, false));
            }
        }
        return RecordDifferentiable(y, "logsumexp", [x], g =>
            [ExpandReduced(g, x.shape, d, keepDim) * (x - ExpandReduced(y, x.shape, d, keepDim)).Exp()], x, y);
    }
}
