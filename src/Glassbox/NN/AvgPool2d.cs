namespace Glassbox.NN;

/// <summary>
/// 2-d average pooling (<c>torch.nn.AvgPool2d</c>); see <see cref="F.AvgPool2d(Tensor, Size2d, Size2d?, Size2d?, bool, bool, int?)"/>
/// for the divisor rules and the gradient.
/// </summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; each size is an int (both axes) or (H, W). Stride defaults to the kernel size, padding to 0.</summary>
    /// <exception cref="ArgumentException">A divisor override of 0.</exception>
    public AvgPool2d(Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        if (divisorOverride == 0) throw new ArgumentException("AvgPool2d: divisorOverride must not be zero");
        (KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride) = (kernelSize, stride ?? kernelSize, padding ?? 0, ceilMode, countIncludePad, divisorOverride);
    }

    /// <summary>Window size (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>Window step (height, width).</summary>
    public Size2d Stride { get; }
    /// <summary>Implicit zero border (height, width).</summary>
    public Size2d Padding { get; }
    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }
    /// <summary>Whether padding taps count in the divisor.</summary>
    public bool CountIncludePad { get; }
    /// <summary>A fixed divisor, or null for the window count.</summary>
    public int? DivisorOverride { get; }

    /// <summary>Average-pools [N, C, H, W] or [C, H, W].</summary>
    public override Tensor Forward(Tensor input) => F.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={PoolPlanes.Repr(KernelSize)}, stride={PoolPlanes.Repr(Stride)}, padding={PoolPlanes.Repr(Padding)}";
}
