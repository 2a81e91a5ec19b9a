namespace Glassbox.NN;

/// <summary>
/// Adaptive 2-d max pooling that also returns the int64 indices of the maxima
/// (<c>torch.nn.AdaptiveMaxPool2d(..., return_indices=True)</c>).
/// </summary>
public sealed class AdaptiveMaxPool2dWithIndices : Module<Tensor, (Tensor Output, Tensor Indices)>
{
    /// <summary>Creates the layer with an output size: an int (square) or (height, width).</summary>
    public AdaptiveMaxPool2dWithIndices(Size2d outputSize) => OutputSize = outputSize;

    /// <summary>Output size (height, width).</summary>
    public Size2d OutputSize { get; }

    /// <summary>Pools [N, C, H, W] or [C, H, W]; returns the output and the flat in-plane indices of the maxima.</summary>
    public override (Tensor Output, Tensor Indices) Forward(Tensor input) => F.AdaptiveMaxPool2dWithIndices(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={PoolPlanes.Repr(OutputSize)}";
}
