namespace Glassbox.NN;

/// <summary>1-d max pooling over [N, C, L] or [C, L] (<c>torch.nn.MaxPool1d</c>); see <see cref="F.MaxPool1d"/>.</summary>
public sealed class MaxPool1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; stride defaults to the kernel size.</summary>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => (KernelSize, Stride, Padding, Dilation, CeilMode) = (kernelSize, stride ?? kernelSize, padding, dilation, ceilMode);

    /// <summary>Window size.</summary>
    public int KernelSize { get; }
    /// <summary>Window step.</summary>
    public int Stride { get; }
    /// <summary>Implicit −∞ border on each side.</summary>
    public int Padding { get; }
    /// <summary>Tap spacing.</summary>
    public int Dilation { get; }
    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; }

    /// <summary>Max-pools along the last dimension.</summary>
    public override Tensor Forward(Tensor input) => F.MaxPool1d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={PyFormat.Bool(CeilMode)}";
}
