namespace Glassbox.NN;

/// <summary>
/// 2-d max pooling that also returns the int64 indices of the maxima (<c>torch.nn.MaxPool2d(..., return_indices=True)</c>),
/// e.g. for <see cref="MaxUnpool2d"/>. Same hyper-parameters and rule as <see cref="MaxPool2d"/>; a separate class
/// because the forward's result type differs.
/// </summary>
public sealed class MaxPool2dWithIndices : Module<Tensor, (Tensor Output, Tensor Indices)>
{
    /// <summary>Creates the layer; each size is an int (both axes) or (H, W). Stride defaults to the kernel size, padding to 0, dilation to 1.</summary>
    public MaxPool2dWithIndices(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null, bool ceilMode = false)
        => (KernelSize, Stride, Padding, Dilation, CeilMode) = (kernelSize, stride ?? kernelSize, padding ?? 0, dilation ?? 1, ceilMode);

    /// <summary>Window size (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>Window step (height, width).</summary>
    public Size2d Stride { get; }
    /// <summary>Implicit −∞ border (height, width).</summary>
    public Size2d Padding { get; }
    /// <summary>Tap spacing (height, width).</summary>
    public Size2d Dilation { get; }
    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }

    /// <summary>Max-pools [N, C, H, W] or [C, H, W]; returns the output and the flat in-plane indices of the maxima.</summary>
    public override (Tensor Output, Tensor Indices) Forward(Tensor input) => F.MaxPool2dWithIndices(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"kernel_size={PoolPlanes.Repr(KernelSize)}, stride={PoolPlanes.Repr(Stride)}, padding={PoolPlanes.Repr(Padding)}, dilation={PoolPlanes.Repr(Dilation)}, ceil_mode={PyFormat.Bool(CeilMode)}";
}
