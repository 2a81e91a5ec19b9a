namespace Glassbox.NN;

/// <summary>
/// Sums sliding blocks into an image (<c>torch.nn.Fold</c>, col2im): [N, C·kH·kW, L] → [N, C, H, W], the adjoint of
/// <see cref="Unfold"/>; see <see cref="F.Fold"/>.
/// </summary>
public sealed class Fold : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">The image (height, width).</param>
    /// <param name="kernelSize">Block (height, width).</param>
    /// <param name="dilation">Spacing between block elements.</param>
    /// <param name="padding">Zero padding on each border.</param>
    /// <param name="stride">Step between blocks.</param>
    public Fold(Size2d outputSize, Size2d kernelSize, Size2d? dilation = null, Size2d? padding = null, Size2d? stride = null)
        => (OutputSize, KernelSize, Dilation, Padding, Stride) = (outputSize, kernelSize, dilation ?? 1, padding ?? 0, stride ?? 1);

    /// <summary>The image (height, width).</summary>
    public Size2d OutputSize { get; }
    /// <summary>Block (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>Spacing between block elements.</summary>
    public Size2d Dilation { get; }
    /// <summary>Zero padding on each border.</summary>
    public Size2d Padding { get; }
    /// <summary>Step between blocks.</summary>
    public Size2d Stride { get; }

    /// <summary>F.Fold with this layer's options.</summary>
    public override Tensor Forward(Tensor input) => F.Fold(input, OutputSize, KernelSize, Dilation, Padding, Stride);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"output_size={Py(OutputSize)}, kernel_size={Py(KernelSize)}, dilation={Py(Dilation)}, padding={Py(Padding)}, stride={Py(Stride)}";

    /// <summary>
    /// PyTorch prints these options as they were given (an int or a tuple); a <see cref="Size2d"/> does not remember
    /// which, so equal components print as one int (the common spelling) and unequal ones as a tuple.
    /// </summary>
    internal static string Py(Size2d s) => s.H == s.W ? s.H.ToString(System.Globalization.CultureInfo.InvariantCulture) : s.ToString();
}
