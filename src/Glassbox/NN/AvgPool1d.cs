namespace Glassbox.NN;

/// <summary>1-d average pooling over [N, C, L] or [C, L] (<c>torch.nn.AvgPool1d</c>); see <see cref="F.AvgPool1d"/>.</summary>
public sealed class AvgPool1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; stride defaults to the kernel size.</summary>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        => (KernelSize, Stride, Padding, CeilMode, CountIncludePad) = (kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);

    /// <summary>Window size.</summary>
    public int KernelSize { get; }
    /// <summary>Window step.</summary>
    public int Stride { get; }
    /// <summary>Implicit zero border on each side.</summary>
    public int Padding { get; }
    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }
    /// <summary>Whether padding taps count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>Average-pools along the last dimension.</summary>
    public override Tensor Forward(Tensor input) => F.AvgPool1d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size=({KernelSize},), stride=({Stride},), padding=({Padding},)";
}
