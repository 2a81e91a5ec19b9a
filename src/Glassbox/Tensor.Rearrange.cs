namespace Glassbox;

// Copies that move, repeat, pad or mask elements without arithmetic: flip, repeat, pad, tril/triu,
// masked_fill. Each backward routes the gradient back along the same element mapping: flip flips it back,
// repeat sums the copies, pad crops, and masking zeroes the gradient where the output did not come from
// the input.
public sealed partial class Tensor
{
    /// <summary>
    /// Reverses the order of elements along each of <paramref name="dims"/> (<c>torch.flip</c>); a copy.
    /// Backward: the gradient flipped along the same dims (flip is its own inverse).
    /// </summary>
    public Tensor Flip(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var seen = new bool[NDim];
        var st = (int[])strides.Clone();
        int offset = Offset;
        foreach (var dim in dims)
        {
            int d = ShapeUtil.WrapDim(dim, NDim, "flip");
            if (seen[d]) throw new ArgumentException($"flip: dimension {d} appears more than once in {ShapeUtil.Format(dims)}");
            seen[d] = true;
            // Walk the dimension backwards: start at its last element and step by −stride.
            if (shape[d] > 0) offset += (shape[d] - 1) * strides[d];
            st[d] = -strides[d];
        }
        var y = Numel == 0 ? new Tensor((int[])shape.Clone(), DType) : new Tensor(Storage, offset, (int[])shape.Clone(), st, DType).CopyRaw();
        var flipped = (int[])dims.Clone();
        return RecordDifferentiable(y, "flip", [this], g => [g.Flip(flipped)]);
    }

    /// <summary>
    /// Tiles the tensor (<c>tensor.repeat</c>, NumPy's <c>tile</c>): output size along dim i is
    /// size_i · repeats_i. When <paramref name="repeats"/> is longer than the shape, the shape is padded
    /// with leading 1s first, so a [2, 3] tensor repeated (2, 1, 2) becomes [2, 2, 6].
    /// </summary>
    /// <remarks>
    /// Forward: a copy of the stride-0 view of shape [r₀, s₀, r₁, s₁, …] (each repeat axis reads the same
    /// elements), reshaped to [r₀s₀, r₁s₁, …]. Backward is its adjoint: reshape the gradient to that
    /// interleaved shape and sum over the repeat axes.
    /// </remarks>
    public Tensor Repeat(params int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length < NDim)
            throw new ArgumentException($"repeat: number of repeat dims {repeats.Length} can not be smaller than the number of tensor dims {NDim} (shape {ShapeUtil.Format(shape)})");
        int nd = repeats.Length, lead = nd - NDim;
        var inter = new int[2 * nd];
        var interStrides = new int[2 * nd];
        var outShape = new int[nd];
        for (int i = 0; i < nd; i++)
        {
            if (repeats[i] < 0) throw new ArgumentOutOfRangeException(nameof(repeats), $"repeat: repeats must be non-negative, got {ShapeUtil.Format(repeats)}");
            int s = i < lead ? 1 : shape[i - lead];
            inter[2 * i] = repeats[i]; interStrides[2 * i] = 0;
            inter[2 * i + 1] = s; interStrides[2 * i + 1] = i < lead ? 0 : strides[i - lead];
            outShape[i] = checked(s * repeats[i]);
        }
        var tiled = new Tensor(Storage, Offset, inter, interStrides, DType).CopyRaw();
        var y = new Tensor(tiled.Storage, 0, outShape, ShapeUtil.ContiguousStrides(outShape), DType);
        var x = this;
        var repeatAxes = Enumerable.Range(0, nd).Select(i => 2 * i).ToArray();
        return RecordDifferentiable(y, "repeat", [x], g => [g.Reshape(inter).Sum(repeatAxes).Reshape(x.shape)]);
    }

    /// <summary>
    /// Constant padding (<c>torch.nn.functional.pad(x, pad, mode='constant', value)</c>). Pads come in
    /// (before, after) pairs starting from the LAST dimension: [left, right] pads dim −1,
    /// [left, right, top, bottom] also pads dim −2, and so on. Negative amounts crop.
    /// </summary>
    /// <param name="pad">An even number of amounts, at most 2·NDim.</param>
    /// <param name="value">Fill value for the new elements.</param>
    /// <remarks>
    /// Output size along a padded dim = size + before + after (must be ≥ 0). Backward: the gradient cropped to
    /// the region that came from the input (padding elements are constants; cropped input elements get 0).
    /// </remarks>
    public Tensor Pad(int[] pad, double value = 0)
    {
        ArgumentNullException.ThrowIfNull(pad);
        if (pad.Length % 2 != 0 || pad.Length > 2 * NDim)
            throw new ArgumentException($"pad: expected an even number of pad amounts, at most 2·{NDim} for shape {ShapeUtil.Format(shape)}, got {ShapeUtil.Format(pad)}");
        var outShape = (int[])shape.Clone();
        var srcStart = new int[NDim]; var dstStart = new int[NDim]; var len = (int[])shape.Clone();
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = NDim - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            long size = (long)shape[d] + before + after;
            if (size < 0)
                throw new ArgumentException($"pad: padding {ShapeUtil.Format(pad)} gives dimension {d} (size {shape[d]}) the negative size {size}");
            outShape[d] = (int)size;
            srcStart[d] = Math.Max(0, -before);
            dstStart[d] = Math.Max(0, before);
            len[d] = Math.Max(0, shape[d] - Math.Max(0, -before) - Math.Max(0, -after));
        }
        Tensor Window(Tensor t, int[] start)
        {
            for (int d = 0; d < NDim; d++) t = t.NarrowRaw(d, start[d], len[d]);
            return t;
        }
        var y = Full(outShape, value, DType);
        Window(y, dstStart).WriteRaw(Window(this, srcStart));
        var x = this;
        return Record(y, "pad", [x], g =>
        {
            var gx = new Tensor((int[])x.shape.Clone(), g.DType);
            Window(gx, srcStart).WriteRaw(Window(g, dstStart));
            return [gx];
        },
        // Graph form: the adjoint of constant padding is padding by the negated amounts (crop what was added,
        // zero-fill what was cropped), itself a differentiable pad.
        g => [g.Pad(pad.Select(p => -p).ToArray())]);
    }

    /// <summary>
    /// Lower triangle of the last two dimensions (<c>torch.tril</c>): keeps x[…, i, j] where j − i ≤
    /// <paramref name="diagonal"/> and zeroes the rest. diagonal = 0 is the main diagonal, &gt; 0 keeps
    /// diagonals above it, &lt; 0 drops diagonals below it. Backward: the gradient's lower triangle.
    /// </summary>
    public Tensor Tril(int diagonal = 0) => Triangle(diagonal, lower: true);

    /// <summary>
    /// Upper triangle of the last two dimensions (<c>torch.triu</c>): keeps x[…, i, j] where j − i ≥
    /// <paramref name="diagonal"/> and zeroes the rest. Backward: the gradient's upper triangle.
    /// </summary>
    public Tensor Triu(int diagonal = 0) => Triangle(diagonal, lower: false);

    private Tensor Triangle(int diagonal, bool lower)
    {
        string op = lower ? "tril" : "triu";
        if (NDim < 2) throw new ArgumentException($"{op}: input must have at least 2 dimensions, got shape {ShapeUtil.Format(shape)}");
        var y = CopyRaw();
        int rows = shape[^2], cols = shape[^1];
        int batch = rows * cols == 0 ? 0 : Numel / (rows * cols);
        switch (DType)
        {
            case DType.Float32: ZeroTriangle(y.Span<float>(), batch, rows, cols, diagonal, lower); break;
            case DType.Float64: ZeroTriangle(y.Span<double>(), batch, rows, cols, diagonal, lower); break;
            case DType.Int64: ZeroTriangle(y.Span<long>(), batch, rows, cols, diagonal, lower); break;
            default: ZeroTriangle(y.Span<bool>(), batch, rows, cols, diagonal, lower); break;
        }
        return RecordDifferentiable(y, op, [this], g => [g.Triangle(diagonal, lower)]);
    }

    /// <summary>Zeroes, in each row i of each matrix, the columns outside the kept triangle: j &gt; i + k (tril) or j &lt; i + k (triu).</summary>
    private static void ZeroTriangle<T>(Span<T> y, int batch, int rows, int cols, int k, bool lower)
    {
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < rows; i++)
            {
                var row = y.Slice((b * rows + i) * cols, cols);
                // long arithmetic: i + k may overflow for extreme diagonals
                long edge = (long)i + k;
                if (lower) { int from = (int)Math.Clamp(edge + 1, 0, cols); row[from..].Clear(); }
                else { int to = (int)Math.Clamp(edge, 0, cols); row[..to].Clear(); }
            }
    }

    /// <summary>
    /// Replaces elements where <paramref name="mask"/> is true by <paramref name="value"/>
    /// (<c>torch.masked_fill</c>); the mask (bool) broadcasts with the input, and the output has their
    /// broadcast shape. Backward: the gradient with zeros where the mask filled (the output there does not
    /// depend on the input), summed back over broadcast dimensions.
    /// </summary>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.DType != DType.Bool) throw new ArgumentException($"masked_fill: mask must be a bool tensor, got {mask.DType.TorchName()}");
        var outShape = ShapeUtil.Broadcast(shape, mask.shape, "masked_fill");
        var y = BroadcastRaw(outShape).CopyRaw();
        var m = mask.BroadcastRaw(outShape).CopyRaw().Span<bool>();
        switch (DType)
        {
            case DType.Float32: FillWhere(y.Span<float>(), m, (float)value); break;
            case DType.Float64: FillWhere(y.Span<double>(), m, value); break;
            case DType.Int64: FillWhere(y.Span<long>(), m, (long)value); break;
            default: FillWhere(y.Span<bool>(), m, value != 0); break;
        }
        var x = this;
        return RecordDifferentiable(y, "masked_fill", [x], g => [SumTo(g.MaskedFill(mask, 0), x.shape)], mask);
    }

    private static void FillWhere<T>(Span<T> y, ReadOnlySpan<bool> mask, T value)
    {
        for (int i = 0; i < y.Length; i++) if (mask[i]) y[i] = value;
    }

    /// <summary>A stride-0 broadcast view to <paramref name="target"/> (already validated), with no autograd.</summary>
    internal Tensor BroadcastRaw(int[] target) =>
        ShapeUtil.SameShape(shape, target) ? this : new Tensor(Storage, Offset, target, ShapeUtil.BroadcastStrides(shape, strides, target), DType);
}
