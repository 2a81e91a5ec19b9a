using Glassbox.Kernels;

namespace Glassbox;

// Indexing by integer tensors: index_select, gather, scatter_add, embedding, one_hot.
// The backward of a read through indices is the scatter-add of the gradient through the same indices
// (index_select ↔ index_add, gather ↔ scatter_add, embedding ↔ row adds): an element read k times
// receives the sum of its k output gradients. Kernels live in Kernels/IndexKernels.cs.
public sealed partial class Tensor
{
    private static long[] IndexValues(Tensor index, string op, string what = "index")
    {
        if (index.DType != DType.Int64)
            throw new ArgumentException($"{op}: {what} must be an int64 tensor, got {index.DType.TorchName()}");
        return index.ContiguousRaw().Span<long>().ToArray();
    }

    /// <summary>[outer, n, inner] sizes of a contiguous tensor around dimension <paramref name="d"/>.</summary>
    private static (int outer, int n, int inner) SplitAround(int[] s, int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= s[i];
        for (int i = d + 1; i < s.Length; i++) inner *= s[i];
        return (outer, s[d], inner);
    }

    private static Tensor IndexSelectRaw(Tensor x, int d, long[] idx, int[] outShape)
    {
        var src = x.ContiguousRaw();
        var (outer, n, inner) = SplitAround(x.shape, d);
        var y = new Tensor(outShape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: IndexKernels.IndexSelect(y.Span<float>(), src.Span<float>(), idx, outer, n, inner); break;
            case DType.Float64: IndexKernels.IndexSelect(y.Span<double>(), src.Span<double>(), idx, outer, n, inner); break;
            case DType.Int64: IndexKernels.IndexSelect(y.Span<long>(), src.Span<long>(), idx, outer, n, inner); break;
            default: IndexKernels.IndexSelect(y.Span<bool>(), src.Span<bool>(), idx, outer, n, inner); break;
        }
        return y;
    }

    /// <summary>Zeros of <paramref name="targetShape"/> with g's rows added at idx along d: the adjoint of <see cref="IndexSelectRaw"/>.</summary>
    private static Tensor IndexAddIntoZeros(Tensor g, int[] targetShape, int d, long[] idx)
    {
        var gc = g.ContiguousRaw();
        var (outer, n, inner) = SplitAround(targetShape, d);
        var gx = new Tensor((int[])targetShape.Clone(), g.DType);
        switch (g.DType)
        {
            case DType.Float32: IndexKernels.IndexAdd(gx.Span<float>(), gc.Span<float>(), idx, outer, n, inner); break;
            case DType.Float64: IndexKernels.IndexAdd(gx.Span<double>(), gc.Span<double>(), idx, outer, n, inner); break;
            default: throw new InvalidOperationException($"internal: index_add of a {g.DType.TorchName()} gradient");
        }
        return gx;
    }

    /// <summary>
    /// <see cref="IndexAddIntoZeros"/> as a differentiable op of <paramref name="g"/>: its backward reads the rows back
    /// through the same indices (index_select), reshaped to g's shape. <paramref name="flatIndex"/> is the 1-D index
    /// tensor holding <paramref name="idx"/>.
    /// </summary>
    private static Tensor IndexAddOp(Tensor g, int[] targetShape, int d, long[] idx, Tensor flatIndex)
    {
        var gx = IndexAddIntoZeros(g, targetShape, d, idx);
        var gShape = g.ShapeToArray();
        return RecordDifferentiable(gx, "index_add", [g], gg => [gg.IndexSelect(d, flatIndex).Reshape(gShape)], flatIndex);
    }

    /// <summary>
    /// Picks the entries <paramref name="index"/> along <paramref name="dim"/> (<c>torch.index_select</c>):
    /// y[…, k, …] = x[…, index[k], …]. The output has the input's shape with size(dim) replaced by the
    /// number of indices. Indices may repeat.
    /// </summary>
    /// <param name="dim">The dimension to index; negative counts from the end.</param>
    /// <param name="index">A 1-D (or 0-d) int64 tensor of values in [0, size(dim)).</param>
    /// <remarks>Backward: ∂L/∂x = index_add of the gradient into zeros, ∂L/∂x[…, i, …] = Σ_{k: index[k] = i} g[…, k, …].</remarks>
    /// <exception cref="IndexOutOfRangeException">An index outside [0, size(dim)).</exception>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.NDim > 1) throw new ArgumentException($"index_select: index must be 0-d or 1-d, got shape {ShapeUtil.Format(index.shape)}");
        if (NDim == 0) throw new ArgumentException("index_select: cannot index a 0-d tensor; Reshape(1) it first");
        int d = ShapeUtil.WrapDim(dim, NDim, "index_select");
        var idx = IndexValues(index, "index_select");
        IndexKernels.CheckRange(idx, shape[d], "index_select", $"dimension {d}");
        var outShape = (int[])shape.Clone();
        outShape[d] = idx.Length;
        var x = this;
        var y = IndexSelectRaw(x, d, idx, outShape);
        return Record(y, "index_select", [x], g => [IndexAddIntoZeros(g, x.shape, d, idx)], g => [IndexAddOp(g, x.shape, d, idx, index)], index);
    }

    /// <summary>
    /// Looks up rows of an embedding table (<c>torch.nn.functional.embedding(input, weight)</c>):
    /// y[i₁…iₖ, :] = weight[indices[i₁…iₖ], :]. Output shape = indices.shape + [embeddingDim].
    /// </summary>
    /// <param name="indices">int64 tensor of any shape with values in [0, numEmbeddings).</param>
    /// <param name="weight">The [numEmbeddings, embeddingDim] table.</param>
    /// <remarks>
    /// Backward (dense, like PyTorch's default <c>sparse=False</c>): ∂L/∂weight is zero except at looked-up
    /// rows, where row r receives the sum of the output-gradient rows of every position holding r. Each
    /// contribution is one vectorised row add (TensorPrimitives), so the cost is O(#indices · embeddingDim)
    /// plus zeroing the table.
    /// </remarks>
    /// <exception cref="IndexOutOfRangeException">An index outside [0, numEmbeddings).</exception>
    public static Tensor Embedding(Tensor indices, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.NDim != 2) throw new ArgumentException($"embedding: weight must be 2-D [numEmbeddings, embeddingDim], got shape {ShapeUtil.Format(weight.shape)}");
        var idx = IndexValues(indices, "embedding", "indices");
        IndexKernels.CheckRange(idx, weight.shape[0], "embedding", "an embedding table (weight rows)");
        int dimE = weight.shape[1];
        var y = IndexSelectRaw(weight, 0, idx, [idx.Length, dimE]);
        var outShape = indices.shape.Append(dimE).ToArray();
        y = new Tensor(y.Storage, 0, outShape, ShapeUtil.ContiguousStrides(outShape), y.DType);
        // g is indices.shape + [D]; row-major it is already the [#indices, D] row list IndexAdd walks.
        return Record(y, "embedding", [weight], g => [IndexAddIntoZeros(g, weight.shape, 0, idx)], g => [IndexAddOp(g, weight.shape, 0, idx, indices.Flatten())], indices);
    }

    /// <summary>
    /// Gathers values along <paramref name="dim"/> (<c>torch.gather</c>): for a 3-D input and dim = 1,
    /// y[i, j, k] = x[i, index[i, j, k], k]. The output has the index's shape.
    /// </summary>
    /// <param name="dim">The dimension the index values address.</param>
    /// <param name="index">int64, same number of dimensions as the input, with index.size(d) ≤ size(d) for d ≠ dim.</param>
    /// <remarks>Backward: ∂L/∂x = scatter_add of the gradient into zeros through the same index.</remarks>
    /// <exception cref="IndexOutOfRangeException">An index outside [0, size(dim)).</exception>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = CheckScatterShapes("gather", dim, index, null);
        var idx = IndexValues(index, "gather");
        var x = this;
        var y = GatherRaw(x, d, idx, index.shape);
        return Record(y, "gather", [x], g =>
        {
            var gx = new Tensor((int[])x.shape.Clone(), g.DType);
            ScatterAddRaw(gx, d, idx, index.shape, g, "gather");
            return [gx];
        }, g => [Zeros(x.shape, g.DType).ScatterAdd(d, index, g)], index);
    }

    private static Tensor GatherRaw(Tensor x, int d, long[] idx, int[] indexShape)
    {
        var y = new Tensor((int[])indexShape.Clone(), x.DType);
        int n = x.shape[d];
        switch (x.DType)
        {
            case DType.Float32: IndexKernels.Gather(y.Span<float>(), x.Data<float>(), x.Offset, x.strides, n, idx, indexShape, d, "gather"); break;
            case DType.Float64: IndexKernels.Gather(y.Span<double>(), x.Data<double>(), x.Offset, x.strides, n, idx, indexShape, d, "gather"); break;
            case DType.Int64: IndexKernels.Gather(y.Span<long>(), x.Data<long>(), x.Offset, x.strides, n, idx, indexShape, d, "gather"); break;
            default: IndexKernels.Gather(y.Span<bool>(), x.Data<bool>(), x.Offset, x.strides, n, idx, indexShape, d, "gather"); break;
        }
        return y;
    }

    /// <summary>dst (fresh, contiguous) += scatter of src through idx along d.</summary>
    private static void ScatterAddRaw(Tensor dst, int d, long[] idx, int[] indexShape, Tensor src, string op)
    {
        int n = dst.shape[d];
        switch (dst.DType)
        {
            case DType.Float32: IndexKernels.ScatterAdd(dst.Data<float>(), dst.strides, n, src.Data<float>(), src.Offset, src.strides, idx, indexShape, d, op); break;
            case DType.Float64: IndexKernels.ScatterAdd(dst.Data<double>(), dst.strides, n, src.Data<double>(), src.Offset, src.strides, idx, indexShape, d, op); break;
            case DType.Int64: IndexKernels.ScatterAdd(dst.Data<long>(), dst.strides, n, src.Data<long>(), src.Offset, src.strides, idx, indexShape, d, op); break;
            default: throw new ArgumentException($"{op}: not supported for {dst.DType.TorchName()} tensors");
        }
    }

    /// <summary>Shape rules shared by gather and scatter_add; returns the wrapped dim.</summary>
    private int CheckScatterShapes(string op, int dim, Tensor index, Tensor? src)
    {
        if (NDim == 0) throw new ArgumentException($"{op}: the input must have at least one dimension; Reshape(1) a scalar first");
        int d = ShapeUtil.WrapDim(dim, NDim, op);
        if (index.NDim != NDim)
            throw new ArgumentException($"{op}: index must have the same number of dimensions as the input; index shape {ShapeUtil.Format(index.shape)}, input shape {ShapeUtil.Format(shape)}");
        if (src is not null && src.NDim != NDim)
            throw new ArgumentException($"{op}: src must have the same number of dimensions as the input; src shape {ShapeUtil.Format(src.shape)}, input shape {ShapeUtil.Format(shape)}");
        for (int k = 0; k < NDim; k++)
        {
            if (k != d && index.shape[k] > shape[k])
                throw new ArgumentException($"{op}: index shape {ShapeUtil.Format(index.shape)} exceeds input shape {ShapeUtil.Format(shape)} at dimension {k} (only dimension {d} may be larger)");
            if (src is not null && index.shape[k] > src.shape[k])
                throw new ArgumentException($"{op}: index shape {ShapeUtil.Format(index.shape)} exceeds src shape {ShapeUtil.Format(src.shape)} at dimension {k}");
        }
        return d;
    }

    /// <summary>
    /// Out-of-place scatter-add (<c>torch.scatter_add</c>): a copy of this tensor with every src element
    /// covered by the index added at the indexed position. For a 3-D input and dim = 1,
    /// y[i, index[i, j, k], k] += src[i, j, k]. Repeated positions accumulate.
    /// </summary>
    /// <param name="dim">The dimension the index values address.</param>
    /// <param name="index">int64, same number of dimensions as the input; index.size(d) ≤ src.size(d) for all d and ≤ size(d) for d ≠ dim.</param>
    /// <param name="src">Values to add, same dtype as this tensor. Elements outside the index's shape are ignored.</param>
    /// <remarks>
    /// Backward: ∂L/∂self = g (each input element passes through once); ∂L/∂src = gather(g, dim, index) at
    /// the positions the index covers and 0 elsewhere.
    /// </remarks>
    /// <exception cref="IndexOutOfRangeException">An index outside [0, size(dim)).</exception>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(src);
        if (src.DType != DType)
            throw new ArgumentException($"scatter_add: src dtype {src.DType.TorchName()} must match the input dtype {DType.TorchName()}");
        int d = CheckScatterShapes("scatter_add", dim, index, src);
        var idx = IndexValues(index, "scatter_add");
        var (x, s) = (this, src);
        var y = x.CopyRaw();
        ScatterAddRaw(y, d, idx, index.shape, s, "scatter_add");
        return Record(y, "scatter_add", [x, s], g =>
        {
            Tensor? gs = null;
            if (s.RequiresGrad)
            {
                var part = GatherRaw(g, d, idx, index.shape);
                if (ShapeUtil.SameShape(index.shape, s.shape)) gs = part;
                else
                {
                    gs = new Tensor((int[])s.shape.Clone(), g.DType);
                    var window = gs;
                    for (int k = 0; k < gs.NDim; k++) window = window.NarrowRaw(k, 0, index.shape[k]);
                    window.WriteRaw(part);
                }
            }
            return [x.RequiresGrad ? g : null, gs];
        }, g =>
        {
            Tensor? gs = null;
            if (s.RequiresGrad)
            {
                gs = g.Gather(d, index);
                if (!ShapeUtil.SameShape(index.shape, s.shape))
                {
                    // zeros beyond the index's extent: pad each dim at its end ((before, after) pairs from the last dim)
                    var pads = new int[2 * s.NDim];
                    for (int k = 0; k < s.NDim; k++) pads[2 * k + 1] = s.shape[s.NDim - 1 - k] - index.shape[s.NDim - 1 - k];
                    gs = gs.Pad(pads);
                }
            }
            return [x.RequiresGrad ? g : null, gs];
        }, index);
    }

    /// <summary>
    /// One-hot encoding (<c>torch.nn.functional.one_hot</c>): an int64 tensor of shape indices.shape + [C]
    /// with y[…, c] = 1 where indices[…] = c and 0 elsewhere.
    /// </summary>
    /// <param name="indices">int64 class indices in [0, C).</param>
    /// <param name="numClasses">C; −1 infers max(indices) + 1 (not possible for an empty input).</param>
    /// <exception cref="IndexOutOfRangeException">A class index outside [0, C).</exception>
    public static Tensor OneHot(Tensor indices, int numClasses = -1)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var idx = IndexValues(indices, "one_hot", "indices");
        int c = numClasses;
        if (c == -1)
        {
            if (idx.Length == 0) throw new ArgumentException("one_hot: cannot infer the number of classes from an empty tensor; pass numClasses");
            long max = idx.Max();
            if (max < 0) throw IndexKernels.OutOfRange("one_hot", idx.Min(), (int)Math.Min(int.MaxValue, max + 1), "classes");
            if (max >= int.MaxValue) throw new ArgumentException($"one_hot: inferred class count {max + 1} is too large");
            c = (int)max + 1;
        }
        else if (c < 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"one_hot: numClasses must be -1 or non-negative, got {numClasses}");
        IndexKernels.CheckRange(idx, c, "one_hot", "classes");
        var y = new Tensor(indices.shape.Append(c).ToArray(), DType.Int64);
        var ys = y.Span<long>();
        for (int i = 0; i < idx.Length; i++) ys[i * c + (int)idx[i]] = 1;
        return y;
    }
}
