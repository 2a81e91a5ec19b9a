using Glassbox.Autograd;

namespace Glassbox;

/// <summary>
/// An n-dimensional, row-major array with reverse-mode automatic differentiation — Glassbox's
/// counterpart of <c>torch.Tensor</c>.
/// </summary>
/// <remarks>
/// <para>
/// A tensor is a window onto a <see cref="Storage"/>: an <see cref="Offset"/> into the flat buffer, a
/// shape and one stride per dimension. Element (i0, …, in-1) lives at <c>Offset + Σ i_k·stride_k</c>.
/// </para>
/// <para>
/// <b>The copy rule.</b> Ops that only re-index (reshape of a contiguous tensor, view, transpose, permute,
/// squeeze, unsqueeze, expand, narrow, slicing with a step, select) return views that share storage and
/// never copy. Every other op writes a fresh contiguous result. <see cref="Reshape"/> copies only when the
/// input is not contiguous, as <c>torch.reshape</c> does; <see cref="View"/> never copies and throws instead.
/// </para>
/// <para>
/// <b>Autograd.</b> When grad mode is on and any input has <see cref="RequiresGrad"/>, an op records a
/// <see cref="Node"/> on its output (<see cref="GradFn"/>) holding the inputs and a closure that maps the
/// output gradient to input gradients. <see cref="Backward"/> walks those nodes in reverse topological order.
/// Each op's backward closure is written right next to its forward, in the file of its op family.
/// </para>
/// </remarks>
public sealed partial class Tensor
{
    internal readonly Storage Storage;
    internal readonly int[] shape;
    internal readonly int[] strides;
    private bool requiresGrad;

    internal Tensor(Storage storage, int offset, int[] shape, int[] strides, DType dtype)
    {
        Storage = storage;
        Offset = offset;
        this.shape = shape;
        this.strides = strides;
        DType = dtype;
        Numel = ShapeUtil.Numel(shape);
        IsContiguous = ShapeUtil.IsContiguous(shape, strides);
    }

    /// <summary>Creates a fresh zero-filled contiguous tensor.</summary>
    internal Tensor(int[] shape, DType dtype)
        : this(Storage.Allocate(dtype, ShapeUtil.Numel(shape)), 0, shape, ShapeUtil.ContiguousStrides(shape), dtype) { }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>Sizes of each dimension (<c>tensor.shape</c>).</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>Element offset of this view into its storage (<c>tensor.storage_offset()</c>).</summary>
    public int Offset { get; }

    /// <summary>Element strides of each dimension (<c>tensor.stride()</c>).</summary>
    public IReadOnlyList<int> Strides => strides;

    /// <summary>Number of dimensions (<c>tensor.dim()</c>).</summary>
    public int NDim => shape.Length;

    /// <summary>Total number of elements (<c>tensor.numel()</c>).</summary>
    public int Numel { get; }

    /// <summary>True when the elements are laid out densely in row-major order (<c>is_contiguous()</c>).</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end.</summary>
    public int Size(int dim) => shape[ShapeUtil.WrapDim(dim, NDim, "size")];

    /// <summary>The accumulated gradient of a leaf after <see cref="Backward"/>, else null (<c>tensor.grad</c>).</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The node that produced this tensor, or null for leaves (<c>tensor.grad_fn</c>).</summary>
    public Node? GradFn { get; internal set; }

    /// <summary>True for tensors created by the user rather than by a recorded op (<c>tensor.is_leaf</c>).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// Whether autograd records ops on this tensor (<c>tensor.requires_grad</c>). Only floating-point leaves
    /// may have it set by the user.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException($"only floating-point tensors can require gradients, got {DType.TorchName()}");
            if (!IsLeaf && !value)
                throw new InvalidOperationException("RequiresGrad can only be cleared on leaf tensors; use Detach() on a non-leaf");
            requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent construction (<c>requires_grad_()</c>).</summary>
    public Tensor RequiresGrad_(bool value = true) { RequiresGrad = value; return this; }

    /// <summary>The storage's in-place write counter (<c>tensor._version</c>).</summary>
    public int Version => Storage.Version;

    internal void BumpVersion() => Storage.Version++;

    internal int[] ShapeArray => shape;

    /// <summary>Returns the shape as a new array.</summary>
    public int[] ShapeToArray() => (int[])shape.Clone();

    /// <summary>The underlying contiguous data of a contiguous tensor, without copying.</summary>
    internal Span<T> Span<T>()
    {
        if (!IsContiguous) throw new InvalidOperationException("internal: Span() on a non-contiguous tensor");
        return ((T[])Storage.Data).AsSpan(Offset, Numel);
    }

    internal T[] Data<T>() => (T[])Storage.Data;

    /// <summary>A copy of the elements in row-major order. <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public T[] ToArray<T>()
    {
        CheckClr<T>("ToArray");
        var r = new T[Numel];
        Strided.Copy<T>(r, (T[])Storage.Data, Offset, shape, strides);
        return r;
    }

    /// <summary>The elements converted to double, in row-major order (works for every dtype).</summary>
    public double[] ToDoubleArray()
    {
        return DType switch
        {
            DType.Float64 => ToArray<double>(),
            DType.Float32 => Array.ConvertAll(ToArray<float>(), v => (double)v),
            DType.Int64 => Array.ConvertAll(ToArray<long>(), v => (double)v),
            _ => Array.ConvertAll(ToArray<bool>(), v => v ? 1.0 : 0.0),
        };
    }

    /// <summary>The value of a one-element tensor as <typeparamref name="T"/> (<c>tensor.item()</c>).</summary>
    public T Item<T>()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item: a tensor with {Numel} elements cannot be converted to a scalar");
        CheckClr<T>("Item");
        return ((T[])Storage.Data)[Offset];
    }

    /// <summary>The value of a one-element tensor converted to double.</summary>
    public double Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item: a tensor with {Numel} elements cannot be converted to a scalar");
        return GetDouble(Offset);
    }

    /// <summary>Reads one element, converted to double.</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public double this[params int[] index]
    {
        get
        {
            if (index.Length != NDim) throw new ArgumentException($"indexer: got {index.Length} indices for a tensor of {NDim} dimensions");
            int pos = Offset;
            for (int k = 0; k < index.Length; k++)
            {
                int i = index[k] < 0 ? index[k] + shape[k] : index[k];
                if ((uint)i >= (uint)shape[k]) throw new IndexOutOfRangeException($"indexer: index {index[k]} is out of bounds for dimension {k} with size {shape[k]}");
                pos += i * strides[k];
            }
            return GetDouble(pos);
        }
    }

    private double GetDouble(int pos) => DType switch
    {
        DType.Float32 => ((float[])Storage.Data)[pos],
        DType.Float64 => ((double[])Storage.Data)[pos],
        DType.Int64 => ((long[])Storage.Data)[pos],
        _ => ((bool[])Storage.Data)[pos] ? 1.0 : 0.0,
    };

    private void CheckClr<T>(string op)
    {
        if (typeof(T) != DType.ClrType())
            throw new InvalidOperationException($"{op}: requested {typeof(T).Name} but the tensor's dtype is {DType.TorchName()}");
    }

    internal void RequireFloat(string op)
    {
        if (!DType.IsFloatingPoint()) throw new InvalidOperationException($"{op}: expected a floating-point tensor, got {DType.TorchName()}");
    }

    /// <summary>
    /// This tensor if it is already contiguous, else a contiguous copy (<c>tensor.contiguous()</c>).
    /// Differentiable: the gradient passes through unchanged.
    /// </summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        var y = ContiguousRaw();
        return RecordDifferentiable(y, "contiguous", [this], g => [g]);
    }

    /// <summary>A contiguous copy of the values, with no autograd bookkeeping.</summary>
    internal Tensor ContiguousRaw() => IsContiguous ? this : CopyRaw();

    /// <summary>A fresh contiguous copy of the values, with no autograd bookkeeping.</summary>
    internal Tensor CopyRaw()
    {
        var y = new Tensor((int[])shape.Clone(), DType);
        switch (DType)
        {
            case DType.Float32: Strided.Copy(y.Span<float>(), Data<float>(), Offset, shape, strides); break;
            case DType.Float64: Strided.Copy(y.Span<double>(), Data<double>(), Offset, shape, strides); break;
            case DType.Int64: Strided.Copy(y.Span<long>(), Data<long>(), Offset, shape, strides); break;
            default: Strided.Copy(y.Span<bool>(), Data<bool>(), Offset, shape, strides); break;
        }
        return y;
    }

    /// <summary>A copy that owns its data; differentiable (<c>tensor.clone()</c>).</summary>
    public Tensor Clone() => RecordDifferentiable(CopyRaw(), "clone", [this], g => [g]);

    /// <summary>A tensor sharing this one's storage but cut out of the graph (<c>tensor.detach()</c>).</summary>
    public Tensor Detach() => new(Storage, Offset, shape, strides, DType);

    /// <summary>
    /// Converts to another dtype (<c>tensor.to(dtype)</c>). Returns this tensor when the dtype already matches.
    /// Float-to-float conversion is differentiable; float-to-int truncates toward zero as in PyTorch.
    /// </summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var src = ContiguousRaw();
        var y = new Tensor((int[])shape.Clone(), dtype);
        Convert(src, y);
        if (DType.IsFloatingPoint() && dtype.IsFloatingPoint())
        {
            var from = DType;
            return RecordDifferentiable(y, "to", [this], g => [g.To(from)]);
        }
        return y;
    }

    private static void Convert(Tensor src, Tensor dst)
    {
        int n = src.Numel;
        switch (src.DType, dst.DType)
        {
            case (DType.Float32, DType.Float64): { var s = src.Span<float>(); var d = dst.Span<double>(); for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (DType.Float64, DType.Float32): { var s = src.Span<double>(); var d = dst.Span<float>(); for (int i = 0; i < n; i++) d[i] = (float)s[i]; break; }
            case (DType.Int64, DType.Float32): { var s = src.Span<long>(); var d = dst.Span<float>(); for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (DType.Int64, DType.Float64): { var s = src.Span<long>(); var d = dst.Span<double>(); for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (DType.Float32, DType.Int64): { var s = src.Span<float>(); var d = dst.Span<long>(); for (int i = 0; i < n; i++) d[i] = (long)s[i]; break; }
            case (DType.Float64, DType.Int64): { var s = src.Span<double>(); var d = dst.Span<long>(); for (int i = 0; i < n; i++) d[i] = (long)s[i]; break; }
            case (DType.Bool, DType.Float32): { var s = src.Span<bool>(); var d = dst.Span<float>(); for (int i = 0; i < n; i++) d[i] = s[i] ? 1f : 0f; break; }
            case (DType.Bool, DType.Float64): { var s = src.Span<bool>(); var d = dst.Span<double>(); for (int i = 0; i < n; i++) d[i] = s[i] ? 1.0 : 0.0; break; }
            case (DType.Bool, DType.Int64): { var s = src.Span<bool>(); var d = dst.Span<long>(); for (int i = 0; i < n; i++) d[i] = s[i] ? 1 : 0; break; }
            case (DType.Float32, DType.Bool): { var s = src.Span<float>(); var d = dst.Span<bool>(); for (int i = 0; i < n; i++) d[i] = s[i] != 0; break; }
            case (DType.Float64, DType.Bool): { var s = src.Span<double>(); var d = dst.Span<bool>(); for (int i = 0; i < n; i++) d[i] = s[i] != 0; break; }
            case (DType.Int64, DType.Bool): { var s = src.Span<long>(); var d = dst.Span<bool>(); for (int i = 0; i < n; i++) d[i] = s[i] != 0; break; }
            default: throw new InvalidOperationException($"To: unsupported conversion {src.DType} -> {dst.DType}");
        }
    }

    /// <summary>Shorthand for <c>To(DType.Float32)</c>.</summary>
    public Tensor Float() => To(DType.Float32);
    /// <summary>Shorthand for <c>To(DType.Float64)</c>.</summary>
    public Tensor Double() => To(DType.Float64);
    /// <summary>Shorthand for <c>To(DType.Int64)</c>.</summary>
    public Tensor Long() => To(DType.Int64);
    /// <summary>Shorthand for <c>To(DType.Bool)</c>.</summary>
    public Tensor Bool() => To(DType.Bool);
}
