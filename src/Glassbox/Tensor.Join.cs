using Glassbox.Autograd;

namespace Glassbox;

// Joining and splitting along a dimension: cat, stack, split, chunk. Cat copies; split and chunk return
// views. Backward rule: cat and split are each other's adjoints, so cat's gradient is the output gradient
// cut back into the input pieces, and a split piece's gradient is written into its slot of a zero tensor
// (the Slice backward).
public sealed partial class Tensor
{
    /// <summary>A view of <paramref name="length"/> elements from <paramref name="start"/> along dim <paramref name="d"/> (already wrapped), with no autograd.</summary>
    internal Tensor NarrowRaw(int d, int start, int length)
    {
        var ns = (int[])shape.Clone();
        ns[d] = length;
        // An empty window may start one past the end; it is never read, so the offset only has to stay an int.
        return new Tensor(Storage, length == 0 ? Offset : Offset + start * strides[d], ns, (int[])strides.Clone(), DType);
    }

    /// <summary>The values converted to <paramref name="dtype"/> with no autograd node (for ops that record their own).</summary>
    internal Tensor CastRaw(DType dtype)
    {
        if (dtype == DType) return this;
        using (GradMode.NoGrad()) return To(dtype);
    }

    /// <summary>
    /// Concatenates tensors along an existing dimension (<c>torch.cat</c>). All inputs must have the same
    /// number of dimensions and equal sizes except along <paramref name="dim"/>; the output's size there is
    /// the sum of theirs. Mixed dtypes are promoted (bool &lt; int64 &lt; float32 &lt; float64).
    /// </summary>
    /// <remarks>
    /// Following PyTorch's legacy rule, 1-D tensors of shape [0] are skipped whatever the other shapes are,
    /// so <c>Cat([empty, x])</c> works as an accumulator start. Backward: input i receives the slice
    /// [offset_i, offset_i + n_i) of the output gradient along <paramref name="dim"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">An empty list, a 0-d input, or shapes that disagree outside <paramref name="dim"/>.</exception>
    public static Tensor Cat(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("cat: expected a non-empty list of tensors");
        var dtype = tensors[0].DType;
        foreach (var t in tensors) dtype = DTypeExtensions.Promote(dtype, t.DType);

        bool Skipped(Tensor t) => t.NDim == 1 && t.shape[0] == 0;
        int refIdx = Array.FindIndex(tensors, t => !Skipped(t));
        if (refIdx < 0) return RecordDifferentiable(new Tensor([0], dtype), "cat", tensors, g => new Tensor?[tensors.Length]);
        var r = tensors[refIdx];
        if (r.NDim == 0) throw new ArgumentException($"cat: zero-dimensional tensor (at position {refIdx}) cannot be concatenated");
        int d = ShapeUtil.WrapDim(dim, r.NDim, "cat");

        var starts = new int[tensors.Length];
        int total = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            starts[i] = total;
            if (Skipped(t)) continue;
            if (t.NDim != r.NDim)
                throw new ArgumentException($"cat: tensors must have the same number of dimensions; tensor {refIdx} has shape {ShapeUtil.Format(r.shape)} but tensor {i} has shape {ShapeUtil.Format(t.shape)}");
            for (int k = 0; k < r.NDim; k++)
                if (k != d && t.shape[k] != r.shape[k])
                    throw new ArgumentException($"cat: sizes of tensors must match except in dimension {d}; tensor {refIdx} has shape {ShapeUtil.Format(r.shape)} but tensor {i} has shape {ShapeUtil.Format(t.shape)} (dimension {k}: {r.shape[k]} vs {t.shape[k]})");
            total += t.shape[d];
        }

        var outShape = (int[])r.shape.Clone();
        outShape[d] = total;
        var y = new Tensor(outShape, dtype);
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            if (Skipped(t) || t.Numel == 0) continue;
            y.NarrowRaw(d, starts[i], t.shape[d]).WriteRaw(t.CastRaw(dtype));
        }
        var inputs = (Tensor[])tensors.Clone();
        return Record(y, "cat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].RequiresGrad && !Skipped(inputs[i])) grads[i] = g.NarrowRaw(d, starts[i], inputs[i].shape[d]);
            return grads;
        }, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].RequiresGrad && !Skipped(inputs[i])) grads[i] = g.Narrow(d, starts[i], inputs[i].shape[d]);
            return grads;
        });
    }

    /// <summary>
    /// Stacks equally shaped tensors along a new dimension inserted at <paramref name="dim"/>
    /// (<c>torch.stack</c>): the result has shape shape[..dim] + [count] + shape[dim..].
    /// Equivalent to unsqueezing each input at <paramref name="dim"/> and concatenating; the backward is
    /// that composition's (select the input's slot of the gradient).
    /// </summary>
    /// <exception cref="ArgumentException">An empty list or inputs of different shapes.</exception>
    public static Tensor Stack(Tensor[] tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("stack: expected a non-empty list of tensors");
        var s0 = tensors[0].shape;
        for (int i = 1; i < tensors.Length; i++)
            if (!ShapeUtil.SameShape(tensors[i].shape, s0))
                throw new ArgumentException($"stack: expects each tensor to be equal size, but got {ShapeUtil.Format(s0)} at entry 0 and {ShapeUtil.Format(tensors[i].shape)} at entry {i}");
        int d = ShapeUtil.WrapDim(dim, s0.Length + 1, "stack");
        return Cat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>
    /// Splits into views of <paramref name="splitSize"/> elements along <paramref name="dim"/>
    /// (<c>torch.split(tensor, split_size)</c>); the last piece is smaller when the size does not divide
    /// evenly. A dimension of size 0 gives one empty piece.
    /// </summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        RequireDims("split");
        int d = ShapeUtil.WrapDim(dim, NDim, "split");
        int n = shape[d];
        if (splitSize < 0 || (splitSize == 0 && n != 0))
            throw new ArgumentOutOfRangeException(nameof(splitSize), $"split: splitSize must be positive for dimension {d} of size {n}, got {splitSize}");
        if (n == 0) return [Narrow(d, 0, 0)];
        var parts = new Tensor[(n + splitSize - 1) / splitSize];
        for (int i = 0; i < parts.Length; i++) parts[i] = Narrow(d, i * splitSize, Math.Min(splitSize, n - i * splitSize));
        return parts;
    }

    /// <summary>
    /// Splits into views with the given sizes along <paramref name="dim"/>
    /// (<c>torch.split(tensor, [s0, s1, …])</c>); the sizes must be non-negative and sum to the dimension's size.
    /// </summary>
    public Tensor[] Split(int[] splitSizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(splitSizes);
        RequireDims("split");
        int d = ShapeUtil.WrapDim(dim, NDim, "split");
        long sum = 0;
        foreach (var s in splitSizes)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(splitSizes), $"split: sizes must be non-negative, got {ShapeUtil.Format(splitSizes)}");
            sum += s;
        }
        if (sum != shape[d])
            throw new ArgumentException($"split: sizes {ShapeUtil.Format(splitSizes)} sum to {sum} but dimension {d} of shape {ShapeUtil.Format(shape)} has size {shape[d]}");
        var parts = new Tensor[splitSizes.Length];
        int start = 0;
        for (int i = 0; i < parts.Length; i++) { parts[i] = Narrow(d, start, splitSizes[i]); start += splitSizes[i]; }
        return parts;
    }

    /// <summary>
    /// Splits into (at most) <paramref name="chunks"/> views along <paramref name="dim"/> (<c>torch.chunk</c>):
    /// every piece has ⌈n / chunks⌉ elements except possibly the last, so fewer than
    /// <paramref name="chunks"/> pieces come back when n is not large enough (n = 5, chunks = 4 gives 2, 2, 1).
    /// A dimension of size 0 gives <paramref name="chunks"/> empty pieces.
    /// </summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), $"chunk: chunks must be positive, got {chunks}");
        RequireDims("chunk");
        int d = ShapeUtil.WrapDim(dim, NDim, "chunk");
        int n = shape[d];
        if (n == 0) return Enumerable.Range(0, chunks).Select(_ => Narrow(d, 0, 0)).ToArray();
        return Split((n + chunks - 1) / chunks, d);
    }

    private void RequireDims(string op)
    {
        if (NDim == 0) throw new ArgumentException($"{op}: expected a tensor with at least one dimension, got a 0-d tensor");
    }
}
