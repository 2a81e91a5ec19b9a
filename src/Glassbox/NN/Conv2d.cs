namespace Glassbox.NN;

/// <summary>
/// 2-D convolution layer (<c>torch.nn.Conv2d</c>): y = conv2d(x, W, b) with W [out, in/groups, kH, kW] and b [out].
/// Input [N, in, H, W] or [in, H, W]; see <see cref="F.Conv2d"/> for the formula and output size.
/// </summary>
/// <remarks>
/// <para>Default initialisation is PyTorch's <c>_ConvNd.reset_parameters</c>: W ~ kaiming_uniform(a = √5), which is
/// U(−1/√fan_in, 1/√fan_in) with fan_in = in/groups·kH·kW, and b ~ U(−1/√fan_in, 1/√fan_in).</para>
/// <para>A <see cref="PaddingMode"/> other than zeros pads the input with <see cref="F.Pad"/> (amounts from
/// <c>padding</c>; for "same" the total d·(k − 1) split with the extra element on the right/bottom) and then
/// convolves without padding, as PyTorch does.</para>
/// </remarks>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="inChannels">Input channels C (<c>in_channels</c>).</param>
    /// <param name="outChannels">Output channels (<c>out_channels</c>).</param>
    /// <param name="kernelSize">Kernel height and width (an int for square).</param>
    /// <param name="stride">Default 1.</param>
    /// <param name="padding">Default 0; or <see cref="ConvPadding.Same"/> / <see cref="ConvPadding.Valid"/>.</param>
    /// <param name="dilation">Default 1.</param>
    /// <param name="groups">Channel groups; in and out channels must be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="paddingMode">How padding is filled (<c>padding_mode</c>).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial parameters.</param>
    public Conv2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, ConvPadding? padding = null, Size2d? dilation = null,
        int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros, DType dtype = DType.Float32, Generator? generator = null)
    {
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        ConvLayer.Check("Conv2d", inChannels, outChannels, groups, [kernelSize.H, kernelSize.W], [Stride.H, Stride.W], [Dilation.H, Dilation.W]);
        if (Padding.Kind == ConvPaddingKind.Explicit && (Padding.H < 0 || Padding.W < 0))
            throw new ArgumentOutOfRangeException(nameof(padding), $"Conv2d: padding must be non-negative, got {Padding}");
        if (Padding.Kind == ConvPaddingKind.Same && (Stride.H != 1 || Stride.W != 1))
            throw new ArgumentException($"Conv2d: padding='same' is not supported for strided convolutions (stride {Stride})");
        (InChannels, OutChannels, KernelSize, Groups, PaddingMode) = (inChannels, outChannels, kernelSize, groups, paddingMode);
        Weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels / groups, kernelSize.H, kernelSize.W], dtype));
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
    /// <summary>Padding: explicit amounts, "same" or "valid".</summary>
    public ConvPadding Padding { get; }
    /// <summary>Dilation (height, width).</summary>
    public Size2d Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode { get; }
    /// <summary>The filters W, shape [out, in/groups, kH, kW].</summary>
    public Tensor Weight { get; }
    /// <summary>The bias b, shape [out], or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters as PyTorch's <c>reset_parameters</c> (see the class remarks).</summary>
    public void ResetParameters(Generator? generator = null) => ConvLayer.ResetParameters(Weight, Bias, generator);

    /// <summary>y = conv2d(x, W, b) with this layer's options.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (PaddingMode == PaddingMode.Zeros)
            return F.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
        var (ph, pw) = PadAmounts(Padding, KernelSize, Dilation);
        var padded = F.Pad(input, [pw.L, pw.R, ph.L, ph.R], PaddingMode.ToPadMode());
        return F.Conv2d(padded, Weight, Bias, Stride, 0, Dilation, Groups);
    }

    /// <summary>(left, right) amounts per axis for explicit padding of a non-zero mode; "same" puts the odd element right.</summary>
    internal static ((int L, int R) H, (int L, int R) W) PadAmounts(ConvPadding padding, Size2d kernel, Size2d dilation)
    {
        if (padding.Kind != ConvPaddingKind.Same) return ((padding.H, padding.H), (padding.W, padding.W));
        int th = dilation.H * (kernel.H - 1), tw = dilation.W * (kernel.W - 1);
        return ((th / 2, th - th / 2), (tw / 2, tw - tw / 2));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvLayer.Repr(InChannels, OutChannels, [KernelSize.H, KernelSize.W], [Stride.H, Stride.W], Padding, 2,
        [Dilation.H, Dilation.W], null, Groups, Bias is not null, PaddingMode);
}
