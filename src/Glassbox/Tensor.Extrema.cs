using Glassbox.Kernels;

namespace Glassbox;

// Max/min reductions and arg-max/arg-min. Ties: the full reductions split the gradient evenly among the
// tied maxima (PyTorch's amax/max() rule); the per-dimension versions return the first index and send the
// whole gradient there. NaN propagates and counts as the extreme value.
public sealed partial class Tensor
{
    private void RequireNumeric(string op)
    {
        if (DType == DType.Bool) throw new InvalidOperationException($"{op}: expected a float32, float64 or int64 tensor, got bool");
    }

    /// <summary>Max (or min) values and/or first indices over dims, no autograd. Throws on an empty reduced dim.</summary>
    internal (Tensor values, Tensor indices) ExtremumCore(int[] dims, bool keepDim, bool isMax, string op, bool wantValues, bool wantIndices)
    {
        RequireNumeric(op);
        foreach (var k in dims)
            if (k < NDim && shape[k] == 0)
                throw new ArgumentException($"{op}: cannot reduce over dimension {k} of size 0 for a tensor of shape {ShapeUtil.Format(shape)}: the operation has no identity");
        var outShape = ReducedShape(dims, keepDim);
        var (x, outer, reduce, inner) = ReduceLayout(dims);
        var values = new Tensor(wantValues ? outShape : [0], DType);
        var indices = new Tensor(wantIndices ? (int[])outShape.Clone() : [0], DType.Int64);
        var idx = indices.Span<long>();
        switch (DType)
        {
            case DType.Float32: ExtremumKernels.Reduce(values.Span<float>(), idx, x.Span<float>(), outer, reduce, inner, isMax); break;
            case DType.Float64: ExtremumKernels.Reduce(values.Span<double>(), idx, x.Span<double>(), outer, reduce, inner, isMax); break;
            default: ExtremumKernels.Reduce(values.Span<long>(), idx, x.Span<long>(), outer, reduce, inner, isMax); break;
        }
        return (values, indices);
    }

    /// <summary>Max (or min) values over dims, no autograd (the kernel behind amax/amin).</summary>
    internal Tensor ExtremumRaw(int[] dims, bool keepDim, bool isMax, string op) =>
        ExtremumCore(dims, keepDim, isMax, op, wantValues: true, wantIndices: false).values;

    /// <summary>
    /// Largest element, as a 0-d tensor (<c>torch.max(x)</c>). Throws for an empty tensor.
    /// </summary>
    /// <remarks>
    /// Gradient: ∂L/∂xᵢ = g·[xᵢ = max]/k where k is the number of tied maxima — the subgradient that splits the
    /// gradient evenly, as PyTorch does for the full reduction.
    /// </remarks>
    public Tensor Max() => FullExtremum(isMax: true);

    /// <summary>Smallest element, as a 0-d tensor (<c>torch.min(x)</c>); gradient split evenly among ties.</summary>
    public Tensor Min() => FullExtremum(isMax: false);

    private Tensor FullExtremum(bool isMax)
    {
        string op = isMax ? "max" : "min";
        if (Numel == 0) throw new ArgumentException($"{op}: the tensor of shape {ShapeUtil.Format(shape)} is empty; max()/min() of all elements needs at least one (give a dim instead)");
        var x = this;
        var y = ExtremumRaw(ReduceDims(null, op), keepDim: false, isMax, op);
        return RecordDifferentiable(y, op, [x], g =>
        {
            var mask = x.Eq(y).To(g.DType);
            return [mask * (g / mask.Sum())];
        }, x, y);
    }

    /// <summary>
    /// Largest value along <paramref name="dim"/> and its index (<c>torch.max(x, dim, keepdim)</c>); indices are
    /// int64, the first occurrence on ties. The gradient flows only to the chosen position.
    /// </summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => DimExtremum(dim, keepDim, isMax: true);

    /// <summary>
    /// Smallest value along <paramref name="dim"/> and its index (<c>torch.min(x, dim, keepdim)</c>); first
    /// occurrence on ties; the gradient flows only to the chosen position.
    /// </summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => DimExtremum(dim, keepDim, isMax: false);

    private (Tensor, Tensor) DimExtremum(int dim, bool keepDim, bool isMax)
    {
        string op = isMax ? "max" : "min";
        int d = ShapeUtil.WrapDim(dim, NDim, op);
        var x = this;
        var (values, indices) = ExtremumCore([d], keepDim, isMax, op, wantValues: true, wantIndices: true);
        values = Record(values, op, [x], g =>
        {
            // The adjoint of gathering x[..., idx, ...]: scatter g back to the chosen positions.
            var gc = g.ContiguousRaw();
            var dx = new Tensor((int[])x.shape.Clone(), g.DType);
            int outer = 1, inner = 1;
            for (int k = 0; k < d; k++) outer *= x.shape[k];
            for (int k = d + 1; k < x.NDim; k++) inner *= x.shape[k];
            int reduce = x.NDim == 0 ? 1 : x.shape[d];
            if (g.DType == DType.Float32) ExtremumKernels.ScatterToIndex(dx.Span<float>(), gc.Span<float>(), indices.Span<long>(), outer, reduce, inner);
            else ExtremumKernels.ScatterToIndex(dx.Span<double>(), gc.Span<double>(), indices.Span<long>(), outer, reduce, inner);
            return [dx];
        }, g =>
        {
            // Graph form: the same scatter as a differentiable scatter_add through the saved indices.
            if (x.NDim == 0) return [g];
            var gi = keepDim ? g : g.Unsqueeze(d);
            var ii = keepDim ? indices : indices.Unsqueeze(d);
            return [Zeros(x.shape, g.DType).ScatterAdd(d, ii, gi)];
        }, indices);
        return (values, indices);
    }

    /// <summary>
    /// Index of the largest element (<c>torch.argmax(x, dim, keepdim)</c>), int64, first occurrence on ties, no
    /// gradient. With dim null the tensor is treated as flattened and the result is a 0-d index (or, with
    /// keepDim, a tensor of ones in every dimension, as PyTorch).
    /// </summary>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => ArgExtremum(dim, keepDim, isMax: true);

    /// <summary>Index of the smallest element (<c>torch.argmin</c>); same conventions as <see cref="ArgMax"/>.</summary>
    public Tensor ArgMin(int? dim = null, bool keepDim = false) => ArgExtremum(dim, keepDim, isMax: false);

    private Tensor ArgExtremum(int? dim, bool keepDim, bool isMax)
    {
        string op = isMax ? "argmax" : "argmin";
        if (dim is int dd)
            return ExtremumCore([ShapeUtil.WrapDim(dd, NDim, op)], keepDim, isMax, op, wantValues: false, wantIndices: true).indices;
        if (Numel == 0) throw new ArgumentException($"{op}: the tensor of shape {ShapeUtil.Format(shape)} is empty; there is no element to index");
        var flat = Detach().Reshape(Numel);
        var i = flat.ExtremumCore([0], keepDim: false, isMax, op, wantValues: false, wantIndices: true).indices;
        return keepDim ? i.Reshape(Enumerable.Repeat(1, NDim).ToArray()) : i;
    }
}
