namespace Glassbox.NN;

/// <summary>
/// Adaptive 2-d max pooling to a fixed output size (<c>torch.nn.AdaptiveMaxPool2d</c>); see
/// <see cref="F.AdaptiveMaxPool2d(Tensor, Size2d)"/>. For the indices use <see cref="AdaptiveMaxPool2dWithIndices"/>.
/// </summary>
public sealed class AdaptiveMaxPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with an output size: an int (square) or (height, width).</summary>
    public AdaptiveMaxPool2d(Size2d outputSize) => OutputSize = outputSize;

    /// <summary>Output size (height, width).</summary>
    public Size2d OutputSize { get; }

    /// <summary>Pools [N, C, H, W] or [C, H, W] to [N, C, OH, OW].</summary>
    public override Tensor Forward(Tensor input) => F.AdaptiveMaxPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={PoolPlanes.Repr(OutputSize)}";
}
