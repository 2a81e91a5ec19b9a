using Glassbox.Kernels;

namespace Glassbox;

// Reductions: sum and mean. Their backward broadcasts the output gradient back over the reduced
// dimensions (each input element contributed with weight 1, or 1/N for the mean).
public sealed partial class Tensor
{
    /// <summary>Normalises a list of dims (negative allowed, duplicates rejected); null or empty means all.</summary>
    internal int[] ReduceDims(int[]? dims, string op)
    {
        if (dims is null || dims.Length == 0) return Enumerable.Range(0, NDim).ToArray();
        var r = dims.Select(d => ShapeUtil.WrapDim(d, NDim, op)).Distinct().OrderBy(d => d).ToArray();
        if (r.Length != dims.Length) throw new ArgumentException($"{op}: repeated dimension in {ShapeUtil.Format(dims)}");
        return r;
    }

    /// <summary>Output shape of a reduction over <paramref name="dims"/>.</summary>
    internal int[] ReducedShape(int[] dims, bool keepDim)
    {
        var r = new List<int>();
        for (int i = 0; i < NDim; i++)
        {
            if (Array.IndexOf(dims, i) < 0) r.Add(shape[i]);
            else if (keepDim) r.Add(1);
        }
        return r.ToArray();
    }

    /// <summary>
    /// Brings the reduced dims of this tensor into the middle of an [outer, reduce, inner] contiguous layout:
    /// no copy when they are already adjacent, else a permuted copy with the reduced dims last.
    /// </summary>
    internal (Tensor x, int outer, int reduce, int inner) ReduceLayout(int[] dims)
    {
        bool adjacent = dims.Length == 0 || dims[^1] - dims[0] == dims.Length - 1;
        var x = this;
        if (!adjacent)
        {
            var kept = Enumerable.Range(0, NDim).Where(i => Array.IndexOf(dims, i) < 0);
            var perm = kept.Concat(dims).ToArray();
            x = PermuteRaw(perm);
            dims = Enumerable.Range(NDim - dims.Length, dims.Length).ToArray();
        }
        x = x.ContiguousRaw();
        int outer = 1, reduce = 1, inner = 1;
        for (int i = 0; i < x.NDim; i++)
        {
            if (dims.Length > 0 && i < dims[0]) outer *= x.shape[i];
            else if (dims.Length > 0 && i <= dims[^1]) reduce *= x.shape[i];
            else inner *= x.shape[i];
        }
        if (dims.Length == 0) { outer = x.Numel; }
        return (x, outer, reduce, inner);
    }

    private Tensor PermuteRaw(int[] perm)
    {
        var ns = new int[NDim]; var st = new int[NDim];
        for (int i = 0; i < NDim; i++) { ns[i] = shape[perm[i]]; st[i] = strides[perm[i]]; }
        return new Tensor(Storage, Offset, ns, st, DType);
    }

    /// <summary>Sum over dims without autograd.</summary>
    internal Tensor SumRaw(int[] dims, bool keepDim)
    {
        var outShape = ReducedShape(dims, keepDim);
        var dtype = DType == DType.Bool ? DType.Int64 : DType;
        var src = DType == DType.Bool ? To(DType.Int64) : this;
        var (x, outer, reduce, inner) = src.ReduceLayout(dims);
        var y = new Tensor(outShape, dtype);
        switch (dtype)
        {
            case DType.Float32: ReduceKernels.Sum(y.Span<float>(), x.Span<float>(), outer, reduce, inner); break;
            case DType.Float64: ReduceKernels.Sum(y.Span<double>(), x.Span<double>(), outer, reduce, inner); break;
            default: ReduceKernels.Sum(y.Span<long>(), x.Span<long>(), outer, reduce, inner); break;
        }
        return y;
    }

    /// <summary>
    /// Broadcasts a reduced gradient back to <paramref name="inputShape"/>: re-inserts the reduced dims
    /// (if keepDim was false) and expands along them. Shared by every reduction's backward.
    /// </summary>
    internal static Tensor ExpandReduced(Tensor g, int[] inputShape, int[] dims, bool keepDim)
    {
        if (!keepDim) foreach (var d in dims) g = g.Unsqueeze(d);
        return g.Expand(inputShape);
    }

    /// <summary>Sum of all elements, a 0-d tensor (<c>tensor.sum()</c>). ∂/∂x_i = 1.</summary>
    public Tensor Sum() => Sum(null, false);

    /// <summary>Sum over one dimension (<c>tensor.sum(dim, keepdim)</c>).</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>Sum over several dimensions (<c>tensor.sum(dims, keepdim)</c>); null means all.</summary>
    public Tensor Sum(int[]? dims, bool keepDim = false)
    {
        var d = ReduceDims(dims, "sum");
        var x = this;
        var y = SumRaw(d, keepDim);
        return RecordDifferentiable(y, "sum", [x], g => [ExpandReduced(g, x.shape, d, keepDim)]);
    }

    /// <summary>Mean of all elements (<c>tensor.mean()</c>). ∂/∂x_i = 1/N.</summary>
    public Tensor Mean() => Mean(null, false);

    /// <summary>Mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>Mean over several dimensions (<c>tensor.mean(dims, keepdim)</c>); null means all.</summary>
    public Tensor Mean(int[]? dims, bool keepDim = false)
    {
        RequireFloat("mean");
        var d = ReduceDims(dims, "mean");
        int count = 1; foreach (var k in d) count *= shape[k];
        var x = this;
        var y = BinaryRaw(SumRaw(d, keepDim), ScalarLike(1.0 / count), BinaryOp.Mul, "mean");
        // count = 0 gives 0·(1/0) = NaN, matching PyTorch's mean of an empty tensor.
        return RecordDifferentiable(y, "mean", [x], g => [ExpandReduced(g, x.shape, d, keepDim) * (1.0 / count)]);
    }
}
