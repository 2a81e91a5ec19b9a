using Glassbox.Autograd;
using Glassbox.Kernels;

namespace Glassbox;

// Statistical reductions and scans: variance, standard deviation, product, cumulative sum.
public sealed partial class Tensor
{
    /// <summary>
    /// Variance over <paramref name="dims"/> (<c>torch.var(x, dim, correction=…, keepdim)</c>; null means all):
    /// Var = Σ(x − x̄)² / max(0, N − correction), N the number of reduced elements. correction = 1 is Bessel's
    /// unbiased estimator (PyTorch 1.13's <c>unbiased=True</c>, the default), 0 the population variance. When
    /// N ≤ correction the division is by zero and gives NaN or ∞, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// Two passes (mean first, then squared deviations) rather than E[x²] − E[x]², which cancels catastrophically
    /// when the mean is large compared with the spread. Gradient: ∂Var/∂xᵢ = 2(xᵢ − x̄)/(N − correction) (the
    /// terms through x̄ sum to zero because Σ(xⱼ − x̄) = 0).
    /// </remarks>
    public Tensor Var(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        RequireFloat("var");
        if (correction < 0) throw new ArgumentOutOfRangeException(nameof(correction), $"var: correction must be ≥ 0, got {correction}");
        var d = ReduceDims(dims, "var");
        int n = 1; foreach (var k in d) n *= k < NDim ? shape[k] : 1;
        double denom = Math.Max(0, n - correction);
        var x = this;
        Tensor dev, y;
        using (GradMode.NoGrad())
        {
            dev = x - x.Mean(d, keepDim: true);
            y = (dev * dev).Sum(d, keepDim) / denom;
        }
        return Record(y, "var", [x], g => [ExpandReduced(g, x.shape, d, keepDim) * dev * (2.0 / denom)],
            // Graph form: the deviation recomputed with its graph (the saved one is a constant), so that x̄'s
            // dependence on x reaches the second derivative.
            g => [ExpandReduced(g, x.shape, d, keepDim) * (x - x.Mean(d, keepDim: true)) * (2.0 / denom)], dev);
    }

    /// <summary>Variance over one dimension (<c>torch.var(x, dim)</c>).</summary>
    public Tensor Var(int dim, int correction = 1, bool keepDim = false) => Var([dim], correction, keepDim);

    /// <summary>
    /// Standard deviation √Var over <paramref name="dims"/> (<c>torch.std</c>), same arguments as <see cref="Var(int[], int, bool)"/>.
    /// Gradient by the chain rule: ∂σ/∂xᵢ = (xᵢ − x̄)/((N − correction)·σ); it is NaN where σ = 0 (PyTorch too).
    /// </summary>
    public Tensor Std(int[]? dims = null, int correction = 1, bool keepDim = false) => Var(dims, correction, keepDim).Sqrt();

    /// <summary>Standard deviation over one dimension (<c>torch.std(x, dim)</c>).</summary>
    public Tensor Std(int dim, int correction = 1, bool keepDim = false) => Std([dim], correction, keepDim);

    /// <summary>Product of all elements, a 0-d tensor (<c>torch.prod(x)</c>); the empty product is 1.</summary>
    public Tensor Prod() => ProdCore(null, keepDim: false);

    /// <summary>Product along one dimension (<c>torch.prod(x, dim, keepdim)</c>).</summary>
    /// <remarks>
    /// Gradient: ∂/∂xᵢ Πⱼ xⱼ = Π_{j≠i} xⱼ, computed from exclusive prefix and suffix products
    /// (<see cref="ScanKernels.ProductOfOthers{T}"/>) instead of the tempting y/xᵢ, which is 0/0 = NaN at a zero.
    /// It is therefore exact with one zero (only that entry gets a non-zero gradient) or several (all zero).
    /// </remarks>
    public Tensor Prod(int dim, bool keepDim = false) => ProdCore(ShapeUtil.WrapDim(dim, NDim, "prod"), keepDim);

    private Tensor ProdCore(int? dim, bool keepDim)
    {
        RequireNumeric("prod");
        var xin = this;
        var src = dim is null ? Detach().ContiguousRaw().Reshape(Numel) : this;
        var d = dim is null ? new[] { 0 } : [dim.Value];
        var (x, outer, reduce, inner) = src.ReduceLayout(d);
        var outShape = dim is null ? Array.Empty<int>() : ReducedShape(d, keepDim);
        var y = new Tensor(outShape, DType);
        switch (DType)
        {
            case DType.Float32: ScanKernels.Prod(y.Span<float>(), x.Span<float>(), outer, reduce, inner); break;
            case DType.Float64: ScanKernels.Prod(y.Span<double>(), x.Span<double>(), outer, reduce, inner); break;
            default: ScanKernels.Prod(y.Span<long>(), x.Span<long>(), outer, reduce, inner); break;
        }
        if (!DType.IsFloatingPoint()) return y;
        return Record(y, "prod", [xin], g =>
        {
            var others = new Tensor((int[])xin.shape.Clone(), xin.DType);
            if (DType == DType.Float32) ScanKernels.ProductOfOthers(others.Span<float>(), x.Span<float>(), outer, reduce, inner);
            else ScanKernels.ProductOfOthers(others.Span<double>(), x.Span<double>(), outer, reduce, inner);
            var ge = dim is null ? g.Expand(xin.shape) : ExpandReduced(g, xin.shape, d, keepDim);
            return [ge * others];
        }, x);
    }

    /// <summary>
    /// Cumulative sum along <paramref name="dim"/> (<c>torch.cumsum(x, dim)</c>): yᵢ = Σ_{j ≤ i} xⱼ. Bool input
    /// gives int64, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// Each xⱼ feeds every yᵢ with i ≥ j, so ∂L/∂xⱼ = Σ_{i ≥ j} gᵢ: the backward is the cumulative sum of the
    /// gradient taken in reverse.
    /// </remarks>
    public Tensor CumSum(int dim)
    {
        int d = ShapeUtil.WrapDim(dim, NDim, "cumsum");
        var xin = this;
        var src = DType == DType.Bool ? To(DType.Int64) : this;
        var y = CumSumRaw(src, d, reverse: false);
        return Record(y, "cumsum", [xin], g => [CumSumRaw(g, d, reverse: true)], g => [g.Flip(d).CumSum(d).Flip(d)]);
    }

    private static Tensor CumSumRaw(Tensor t, int d, bool reverse)
    {
        var (x, outer, reduce, inner) = t.ReduceLayout([d]);
        var y = new Tensor((int[])t.shape.Clone(), t.DType);
        switch (t.DType)
        {
            case DType.Float32: ScanKernels.CumSum(y.Span<float>(), x.Span<float>(), outer, reduce, inner, reverse); break;
            case DType.Float64: ScanKernels.CumSum(y.Span<double>(), x.Span<double>(), outer, reduce, inner, reverse); break;
            default: ScanKernels.CumSum(y.Span<long>(), x.Span<long>(), outer, reduce, inner, reverse); break;
        }
        return y;
    }
}
