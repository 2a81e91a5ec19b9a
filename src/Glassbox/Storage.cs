namespace Glassbox;

/// <summary>
/// The flat, typed buffer behind one or more tensors. Views (reshape, transpose, slicing, expand)
/// share a storage and differ only in offset, shape and strides.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Version"/> is bumped by every in-place write. Autograd records the version of each tensor
/// it saves for backward; if the version has moved by the time backward runs, the saved values are no
/// longer the ones the derivative was taken at, and backward throws instead of returning a wrong gradient
/// (PyTorch's "one of the variables needed for gradient computation has been modified by an inplace operation").
/// </para>
/// <para>
/// A storage allocated inside a <see cref="TensorScope"/> is released when the scope ends: its array goes back
/// to <see cref="BufferPool"/> for the next step to reuse, and any later access throws
/// <see cref="ObjectDisposedException"/> rather than reading memory that now belongs to another tensor.
/// </para>
/// </remarks>
internal sealed class Storage
{
    private Array? data;
    public int Version;

    public Storage(Array data) => this.data = data;

    public Array Data => data ?? throw new ObjectDisposedException(nameof(Tensor),
        "this tensor's buffer was returned to the pool when its TensorScope ended; call TensorScope.Keep(tensor) inside the scope to keep it, or read the values before the scope ends");

    public bool IsReleased => data is null;

    public static Storage Allocate(DType dtype, int length)
    {
        var s = new Storage(dtype switch
        {
            DType.Float32 => BufferPool.Rent<float>(length),
            DType.Float64 => BufferPool.Rent<double>(length),
            DType.Int64 => BufferPool.Rent<long>(length),
            DType.Bool => BufferPool.Rent<bool>(length),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        });
        TensorScope.Track(s);
        return s;
    }

    /// <summary>Hands the array back to the pool; the storage is unusable afterwards.</summary>
    internal void Release()
    {
        var a = data;
        data = null;
        if (a is not null) BufferPool.Return(a);
    }
}
