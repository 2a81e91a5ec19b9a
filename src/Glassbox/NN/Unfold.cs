namespace Glassbox.NN;

/// <summary>
/// Extracts sliding blocks (<c>torch.nn.Unfold</c>, im2col): [N, C, H, W] → [N, C·kH·kW, L]; see <see cref="F.Unfold"/>.
/// </summary>
public sealed class Unfold : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Block (height, width).</param>
    /// <param name="dilation">Spacing between block elements.</param>
    /// <param name="padding">Zero padding on each border.</param>
    /// <param name="stride">Step between blocks.</param>
    public Unfold(Size2d kernelSize, Size2d? dilation = null, Size2d? padding = null, Size2d? stride = null)
        => (KernelSize, Dilation, Padding, Stride) = (kernelSize, dilation ?? 1, padding ?? 0, stride ?? 1);

    /// <summary>Block (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>Spacing between block elements.</summary>
    public Size2d Dilation { get; }
    /// <summary>Zero padding on each border.</summary>
    public Size2d Padding { get; }
    /// <summary>Step between blocks.</summary>
    public Size2d Stride { get; }

    /// <summary>F.Unfold with this layer's options.</summary>
    public override Tensor Forward(Tensor input) => F.Unfold(input, KernelSize, Dilation, Padding, Stride);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size={Fold.Py(KernelSize)}, dilation={Fold.Py(Dilation)}, padding={Fold.Py(Padding)}, stride={Fold.Py(Stride)}";
}
