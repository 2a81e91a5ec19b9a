namespace Glassbox;

// Views: ops that re-index without copying. Each backward maps the gradient back through the inverse
// re-indexing (reshape back, transpose back, scatter into zeros for narrowing views).
public sealed partial class Tensor
{
    private Tensor ViewRaw(int offset, int[] newShape, int[] newStrides) => new(Storage, offset, newShape, newStrides, DType);

    private int[] InferShape(int[] newShape, string op)
    {
        var s = (int[])newShape.Clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1) { if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be inferred (-1) in {ShapeUtil.Format(newShape)}"); infer = i; }
            else if (s[i] < 0) throw new ArgumentException($"{op}: invalid size {s[i]} in {ShapeUtil.Format(newShape)}");
            else known *= s[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0) throw new ArgumentException($"{op}: shape {ShapeUtil.Format(newShape)} is invalid for input of size {Numel} (shape {ShapeUtil.Format(shape)})");
            s[infer] = Numel / known;
        }
        if (ShapeUtil.Numel(s) != Numel) throw new ArgumentException($"{op}: shape {ShapeUtil.Format(newShape)} is invalid for input of size {Numel} (shape {ShapeUtil.Format(shape)})");
        return s;
    }

    /// <summary>
    /// Same data, new shape (<c>tensor.reshape</c>). A view when the tensor is contiguous, else a copy.
    /// One dimension may be −1 and is inferred.
    /// </summary>
    public Tensor Reshape(params int[] newShape)
    {
        var s = InferShape(newShape, "reshape");
        var x = this;
        var src = IsContiguous ? this : ContiguousRaw();
        var y = src.ViewRaw(src.Offset, s, ShapeUtil.ContiguousStrides(s));
        return RecordDifferentiable(y, "reshape", [x], g => [g.Reshape(x.shape)]);
    }

    /// <summary>Same data, new shape, never copying (<c>tensor.view</c>); throws if the tensor is not contiguous.</summary>
    public Tensor View(params int[] newShape)
    {
        if (!IsContiguous) throw new InvalidOperationException($"view: the tensor of shape {ShapeUtil.Format(shape)} is not contiguous; use Reshape() (which copies) or Contiguous() first");
        return Reshape(newShape);
    }

    /// <summary>Flattens dimensions startDim..endDim into one (<c>torch.flatten</c>).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (NDim == 0) return Reshape(1);
        int s = ShapeUtil.WrapDim(startDim, NDim, "flatten"), e = ShapeUtil.WrapDim(endDim, NDim, "flatten");
        if (s > e) throw new ArgumentException($"flatten: startDim {startDim} comes after endDim {endDim}");
        var ns = new List<int>();
        for (int i = 0; i < s; i++) ns.Add(shape[i]);
        int p = 1; for (int i = s; i <= e; i++) p *= shape[i];
        ns.Add(p);
        for (int i = e + 1; i < NDim; i++) ns.Add(shape[i]);
        return Reshape(ns.ToArray());
    }

    /// <summary>Swaps two dimensions, as a view (<c>tensor.transpose</c>). Backward swaps them back.</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.WrapDim(dim0, NDim, "transpose"), b = ShapeUtil.WrapDim(dim1, NDim, "transpose");
        if (NDim < 2 && a == b) return this;
        var ns = (int[])shape.Clone(); var st = (int[])strides.Clone();
        (ns[a], ns[b]) = (ns[b], ns[a]); (st[a], st[b]) = (st[b], st[a]);
        var y = ViewRaw(Offset, ns, st);
        return RecordDifferentiable(y, "transpose", [this], g => [g.Transpose(a, b)]);
    }

    /// <summary>The transpose of a matrix (<c>tensor.T</c> for 2-D; reverses all dimensions in general).</summary>
    public Tensor T => NDim < 2 ? this : Permute(Enumerable.Range(0, NDim).Reverse().ToArray());

    /// <summary>Reorders dimensions, as a view (<c>tensor.permute</c>). Backward applies the inverse permutation.</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != NDim) throw new ArgumentException($"permute: got {dims.Length} dimensions for a tensor of {NDim}");
        var p = new int[NDim]; var seen = new bool[NDim];
        for (int i = 0; i < NDim; i++)
        {
            p[i] = ShapeUtil.WrapDim(dims[i], NDim, "permute");
            if (seen[p[i]]) throw new ArgumentException($"permute: dimension {p[i]} repeated in {ShapeUtil.Format(dims)}");
            seen[p[i]] = true;
        }
        var ns = new int[NDim]; var st = new int[NDim]; var inv = new int[NDim];
        for (int i = 0; i < NDim; i++) { ns[i] = shape[p[i]]; st[i] = strides[p[i]]; inv[p[i]] = i; }
        var y = ViewRaw(Offset, ns, st);
        return RecordDifferentiable(y, "permute", [this], g => [g.Permute(inv)]);
    }

    /// <summary>Removes dimensions of size 1 (all, or only <paramref name="dim"/>) (<c>tensor.squeeze</c>).</summary>
    public Tensor Squeeze(int? dim = null)
    {
        var ns = new List<int>(); var st = new List<int>();
        int d = dim is int dd ? ShapeUtil.WrapDim(dd, NDim, "squeeze") : -1;
        for (int i = 0; i < NDim; i++)
        {
            bool drop = shape[i] == 1 && (dim is null || i == d);
            if (!drop) { ns.Add(shape[i]); st.Add(strides[i]); }
        }
        var x = this;
        var y = ViewRaw(Offset, ns.ToArray(), st.ToArray());
        return RecordDifferentiable(y, "squeeze", [x], g => [g.Reshape(x.shape)]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (<c>tensor.unsqueeze</c>).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeUtil.WrapDim(dim, NDim + 1, "unsqueeze");
        var ns = shape.ToList(); var st = strides.ToList();
        int stride = d < NDim ? shape[d] * strides[d] : 1;
        ns.Insert(d, 1); st.Insert(d, stride);
        var x = this;
        var y = ViewRaw(Offset, ns.ToArray(), st.ToArray());
        return RecordDifferentiable(y, "unsqueeze", [x], g => [g.Reshape(x.shape)]);
    }

    /// <summary>
    /// Broadcasts to a larger shape without copying, using stride 0 (<c>tensor.expand</c>); −1 keeps a size.
    /// Backward sums the gradient over the expanded dimensions.
    /// </summary>
    public Tensor Expand(params int[] newShape)
    {
        if (newShape.Length < NDim) throw new ArgumentException($"expand: target {ShapeUtil.Format(newShape)} has fewer dimensions than the tensor's shape {ShapeUtil.Format(shape)}");
        var target = (int[])newShape.Clone();
        int lead = target.Length - NDim;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (i < lead) throw new ArgumentException($"expand: -1 is not allowed for a new leading dimension ({ShapeUtil.Format(newShape)})");
                target[i] = shape[i - lead];
            }
            else if (i >= lead && shape[i - lead] != 1 && shape[i - lead] != target[i])
                throw new ArgumentException($"expand: the expanded size {target[i]} must match the existing size {shape[i - lead]} at dimension {i} (shape {ShapeUtil.Format(shape)} -> {ShapeUtil.Format(newShape)})");
        }
        if (ShapeUtil.SameShape(target, shape)) return this;
        var x = this;
        var y = ViewRaw(Offset, target, ShapeUtil.BroadcastStrides(shape, strides, target));
        return RecordDifferentiable(y, "expand", [x], g => [SumTo(g, x.shape)]);
    }

    /// <summary>Expands to the shape of <paramref name="other"/> (<c>tensor.expand_as</c>).</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other.shape);

    /// <summary>
    /// Elements start, start+step, … below end along <paramref name="dim"/>, as a view (Python's
    /// <c>x[..., start:end:step]</c>). Negative start/end count from the end; bounds are clamped like Python's.
    /// </summary>
    public Tensor Slice(int dim, int? start = null, int? end = null, int step = 1)
    {
        int d = ShapeUtil.WrapDim(dim, NDim, "slice");
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice: step must be positive, got {step}");
        int n = shape[d];
        int s = start ?? 0, e = end ?? n;
        if (s < 0) s += n; if (e < 0) e += n;
        s = Math.Clamp(s, 0, n); e = Math.Clamp(e, s, n);
        int len = (e - s + step - 1) / step;
        var ns = (int[])shape.Clone(); var st = (int[])strides.Clone();
        ns[d] = len; st[d] = strides[d] * step;
        var x = this;
        var y = ViewRaw(Offset + s * strides[d], ns, st);
        return Record(y, "slice", [x], g =>
        {
            var gx = Zeros(x.shape, g.DType);
            gx.Slice(d, s, e, step).WriteRaw(g);
            return [gx];
        }, g => [SliceScatter(g, x.shape, d, s, e, step)]);
    }

    /// <summary>The <paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/>, as a view (<c>torch.narrow</c>).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = ShapeUtil.WrapDim(dim, NDim, "narrow");
        if (start < 0) start += shape[d];
        if (start < 0 || length < 0 || start + length > shape[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} + length {length} exceeds dimension {d} of size {shape[d]}");
        return Slice(d, start, start + length);
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, removing that dimension (<c>tensor.select</c>, <c>x[i]</c>).</summary>
    public Tensor Select(int dim, int index)
    {
        int d = ShapeUtil.WrapDim(dim, NDim, "select");
        int i = index < 0 ? index + shape[d] : index;
        if ((uint)i >= (uint)shape[d]) throw new IndexOutOfRangeException($"select: index {index} is out of bounds for dimension {d} with size {shape[d]}");
        var ns = shape.Where((_, k) => k != d).ToArray();
        var st = strides.Where((_, k) => k != d).ToArray();
        var x = this;
        var y = ViewRaw(Offset + i * strides[d], ns, st);
        return Record(y, "select", [x], g =>
        {
            var gx = Zeros(x.shape, g.DType);
            gx.Select(d, i).WriteRaw(g);
            return [gx];
        }, g => [SliceScatter(g.Unsqueeze(d), x.shape, d, i, i + 1, 1)]);
    }

    /// <summary>
    /// Zeros of <paramref name="targetShape"/> with <paramref name="g"/> written into the slice start:end:step along
    /// <paramref name="d"/> — the adjoint of <see cref="Slice"/>, as a differentiable op (its own backward is that
    /// slice), so that the gradient of a slicing view can be differentiated again.
    /// </summary>
    internal static Tensor SliceScatter(Tensor g, int[] targetShape, int d, int start, int end, int step)
    {
        var gx = Zeros(targetShape, g.DType);
        gx.ViewOfSlice(d, start, end, step).WriteRaw(g);
        return RecordDifferentiable(gx, "slice_backward", [g], gg => [gg.Slice(d, start, end, step)]);
    }

    /// <summary>The view start:end:step along d (bounds already resolved), with no autograd.</summary>
    private Tensor ViewOfSlice(int d, int start, int end, int step)
    {
        var ns = (int[])shape.Clone(); var st = (int[])strides.Clone();
        ns[d] = (end - start + step - 1) / step; st[d] = strides[d] * step;
        return ViewRaw(Offset + start * strides[d], ns, st);
    }
}
