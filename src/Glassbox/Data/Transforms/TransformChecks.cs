namespace Glassbox.Data.Transforms;

/// <summary>Shared argument checks of the batch transforms.</summary>
internal static class TransformChecks
{
    public static void FloatBatch(Tensor x, string op, int minDims)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a float32 or float64 tensor, got {x.DType.TorchName()}");
        if (x.NDim < minDims)
            throw new ArgumentException($"{op}: expected at least {minDims} dimensions, got shape {ShapeUtil.Format(x.shape)}");
    }

    public static void Image4D(Tensor x, string op)
    {
        FloatBatch(x, op, 4);
        if (x.NDim != 4) throw new ArgumentException($"{op}: expected a batch of images [N, C, H, W], got shape {ShapeUtil.Format(x.shape)}");
    }
}
