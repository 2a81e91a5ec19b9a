namespace Glassbox;

/// <summary>
/// The flat, typed buffer behind one or more tensors. Views (reshape, transpose, slicing, expand)
/// share a storage and differ only in offset, shape and strides.
/// </summary>
/// <remarks>
/// <see cref="Version"/> is bumped by every in-place write. Autograd records the version of each tensor
/// it saves for backward; if the version has moved by the time backward runs, the saved values are no
/// longer the ones the derivative was taken at, and backward throws instead of returning a wrong gradient
/// (PyTorch's "one of the variables needed for gradient computation has been modified by an inplace operation").
/// </remarks>
internal sealed class Storage
{
    public readonly Array Data;
    public int Version;

    public Storage(Array data) => Data = data;

    public static Storage Allocate(DType dtype, int length) => new(dtype switch
    {
        DType.Float32 => BufferPool.Rent<float>(length),
        DType.Float64 => BufferPool.Rent<double>(length),
        DType.Int64 => BufferPool.Rent<long>(length),
        DType.Bool => BufferPool.Rent<bool>(length),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    });
}
