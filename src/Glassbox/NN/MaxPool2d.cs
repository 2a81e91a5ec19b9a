namespace Glassbox.NN;

/// <summary>
/// 2-d max pooling (<c>torch.nn.MaxPool2d</c>); see <see cref="F.MaxPool2d(Tensor, Size2d, Size2d?, Size2d?, Size2d?, bool)"/> for
/// the rule, ties, NaN and gradient. For the indices (PyTorch's <c>return_indices=True</c>) use
/// <see cref="MaxPool2dWithIndices"/>, whose forward returns them in its typed result.
/// </summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; each size is an int (both axes) or (H, W). Stride defaults to the kernel size, padding to 0, dilation to 1.</summary>
    public MaxPool2d(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? dilation = null, bool ceilMode = false)
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

    /// <summary>Max-pools [N, C, H, W] or [C, H, W].</summary>
    public override Tensor Forward(Tensor input) => F.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr()
        => $"kernel_size={PoolPlanes.Repr(KernelSize)}, stride={PoolPlanes.Repr(Stride)}, padding={PoolPlanes.Repr(Padding)}, dilation={PoolPlanes.Repr(Dilation)}, ceil_mode={PyFormat.Bool(CeilMode)}";
}
