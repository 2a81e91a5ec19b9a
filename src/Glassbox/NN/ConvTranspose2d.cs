namespace Glassbox.NN;

/// <summary>
/// 2-D transposed convolution layer (<c>torch.nn.ConvTranspose2d</c>): y = conv_transpose2d(x, W, b) with
/// W [in, out/groups, kH, kW] (in-channels first, as PyTorch) and b [out]. Input [N, in, H, W] or [in, H, W];
/// output size (H − 1)·s − 2p + d·(kH − 1) + output_padding + 1 (see <see cref="F.ConvTranspose2d"/>).
/// </summary>
/// <remarks>
/// <para>Default initialisation is PyTorch's <c>_ConvNd.reset_parameters</c> applied to the stored weight, so its
/// fan_in is weight.shape[1]·kH·kW = out/groups·kH·kW (not the in-channel count one might expect): W and b both
/// ~ U(−1/√fan_in, 1/√fan_in).</para>
/// <para>Only zero padding exists for a transposed convolution (its "padding" crops the output), as in PyTorch.</para>
/// </remarks>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="inChannels">Input channels (<c>in_channels</c>).</param>
    /// <param name="outChannels">Output channels (<c>out_channels</c>).</param>
    /// <param name="kernelSize">Kernel height and width.</param>
    /// <param name="stride">Default 1.</param>
    /// <param name="padding">Rows/columns cropped from each border of the output (default 0).</param>
    /// <param name="outputPadding">Extra rows/columns on the bottom/right (default 0; smaller than stride or dilation).</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dilation">Default 1.</param>
    /// <param name="paddingMode">Must be <see cref="PaddingMode.Zeros"/> (PyTorch's only supported mode here).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial parameters.</param>
    public ConvTranspose2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, Size2d? padding = null, Size2d? outputPadding = null,
        int groups = 1, bool bias = true, Size2d? dilation = null, PaddingMode paddingMode = PaddingMode.Zeros, DType dtype = DType.Float32, Generator? generator = null)
    {
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        OutputPadding = outputPadding ?? 0;
        Dilation = dilation ?? 1;
        ConvLayer.Check("ConvTranspose2d", inChannels, outChannels, groups, [kernelSize.H, kernelSize.W], [Stride.H, Stride.W], [Dilation.H, Dilation.W]);
        if (paddingMode != PaddingMode.Zeros)
            throw new ArgumentException($"ConvTranspose2d: only padding_mode zeros is supported, got {paddingMode.TorchName()}");
        if (Padding.H < 0 || Padding.W < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), $"ConvTranspose2d: padding must be non-negative, got {Padding}");
        if (OutputPadding.H < 0 || OutputPadding.W < 0
            || (OutputPadding.H >= Stride.H && OutputPadding.H >= Dilation.H) || (OutputPadding.W >= Stride.W && OutputPadding.W >= Dilation.W))
            throw new ArgumentException($"ConvTranspose2d: output_padding must be non-negative and smaller than either stride or dilation, got output_padding {OutputPadding}, stride {Stride}, dilation {Dilation}");
        (InChannels, OutChannels, KernelSize, Groups) = (inChannels, outChannels, kernelSize, groups);
        Weight = RegisterParameter("weight", Tensor.Zeros([inChannels, outChannels / groups, kernelSize.H, kernelSize.W], dtype));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
        else RegisterNullParameter("bias");
        ResetParameters(generator);
    }

    /// <summary>Input channels (<c>in_channels</c>).</summary>
    public int InChannels { get; }
    /// <summary>Output channels (<c>out_channels</c>).</summary>
    public int OutChannels { get; }
    /// <summary>Kernel (height, width).</summary>
    public Size2d KernelSize { get; }
    /// <summary>Stride (height, width).</summary>
    public Size2d Stride { get; }
    /// <summary>Output cropping (height, width).</summary>
    public Size2d Padding { get; }
    /// <summary>Extra output rows/columns on the bottom/right.</summary>
    public Size2d OutputPadding { get; }
    /// <summary>Dilation (height, width).</summary>
    public Size2d Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>The filters W, shape [in, out/groups, kH, kW].</summary>
    public Tensor Weight { get; }
    /// <summary>The bias b, shape [out], or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters as PyTorch's <c>reset_parameters</c> (see the class remarks).</summary>
    public void ResetParameters(Generator? generator = null) => ConvLayer.ResetParameters(Weight, Bias, generator);

    /// <summary>y = conv_transpose2d(x, W, b) with this layer's options.</summary>
    public override Tensor Forward(Tensor input) => F.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvLayer.Repr(InChannels, OutChannels, [KernelSize.H, KernelSize.W], [Stride.H, Stride.W], (Padding.H, Padding.W), 2,
        [Dilation.H, Dilation.W], [OutputPadding.H, OutputPadding.W], Groups, Bias is not null, PaddingMode.Zeros);
}
