namespace Glassbox;

/// <summary>
/// Element type of a <see cref="Tensor"/>. Maps one-to-one to PyTorch's <c>torch.float32</c>,
/// <c>torch.float64</c>, <c>torch.int64</c> and <c>torch.bool</c>.
/// </summary>
/// <remarks>
/// Float32 is the default for tensors created from shapes (as in PyTorch); float64 is what gradient
/// checks and the classical estimators use; int64 holds indices and class labels; bool holds masks.
/// Only floating dtypes can require gradients.
/// </remarks>
public enum DType
{
    /// <summary>32-bit IEEE-754 float (<c>torch.float32</c>), backed by <c>float[]</c>.</summary>
    Float32,
    /// <summary>64-bit IEEE-754 float (<c>torch.float64</c>), backed by <c>double[]</c>.</summary>
    Float64,
    /// <summary>64-bit signed integer (<c>torch.int64</c>), backed by <c>long[]</c>.</summary>
    Int64,
    /// <summary>Boolean (<c>torch.bool</c>), backed by <c>bool[]</c>.</summary>
    Bool,
}

/// <summary>Helpers on <see cref="DType"/>.</summary>
public static class DTypeExtensions
{
    /// <summary>True for Float32 and Float64: the dtypes that can carry gradients.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>Size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>PyTorch's name for the dtype, used in messages and <c>ToString</c>.</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.Bool => "bool",
        _ => dtype.ToString(),
    };

    /// <summary>
    /// Type promotion for binary ops, following PyTorch's lattice: bool &lt; int64 &lt; float32 &lt; float64.
    /// </summary>
    public static DType Promote(DType a, DType b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(DType d) => d switch { DType.Bool => 0, DType.Int64 => 1, DType.Float32 => 2, _ => 3 };

    internal static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int64 => typeof(long),
        _ => typeof(bool),
    };
}
