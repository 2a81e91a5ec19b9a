namespace Glassbox.NN;

/// <summary>
/// The partial inverse of <see cref="MaxPool2dWithIndices"/> (<c>torch.nn.MaxUnpool2d</c>): forward(input, indices)
/// writes each value at its index in a zero output; see <see cref="F.MaxUnpool2d(Tensor, Tensor, Size2d, Size2d?, Size2d?, Size2d?)"/>.
/// </summary>
public sealed class MaxUnpool2d : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the layer; each size is an int (both axes) or (H, W). Stride defaults to the kernel size, padding to 0.</summary>
    public MaxUnpool2d(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null)
        => (KernelSize, Stride, Padding) = (kernelSize, stride ?? kernelSize, padding ?? 0);

    /// <summary>The pooling's window size (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>The pooling's step (height, width).</summary>
    public Size2d Stride { get; }
    /// <summary>The pooling's padding (height, width).</summary>
    public Size2d Padding { get; }

    /// <summary>Unpools to the default size (H − 1)·s − 2p + k per axis.</summary>
    public override Tensor Forward(Tensor input, Tensor indices) => F.MaxUnpool2d(input, indices, KernelSize, Stride, Padding);

    /// <summary>Unpools to an explicit spatial output size (PyTorch's <c>output_size</c> argument).</summary>
    public Tensor Forward(Tensor input, Tensor indices, Size2d outputSize) => F.MaxUnpool2d(input, indices, KernelSize, Stride, Padding, outputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
