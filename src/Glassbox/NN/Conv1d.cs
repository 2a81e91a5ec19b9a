namespace Glassbox.NN;

/// <summary>
/// 1-D convolution layer (<c>torch.nn.Conv1d</c>): y = conv1d(x, W, b) with W [out, in/groups, k] and b [out].
/// Input [N, in, L] or [in, L]; see <see cref="F.Conv1d"/> for the formula and output length.
/// </summary>
/// <remarks>
/// <para>Default initialisation is PyTorch's <c>_ConvNd.reset_parameters</c>: W ~ kaiming_uniform(a = √5), which is
/// U(−1/√fan_in, 1/√fan_in) with fan_in = in/groups·k, and b ~ U(−1/√fan_in, 1/√fan_in).</para>
/// <para>A <see cref="PaddingMode"/> other than zeros pads the input with <see cref="F.Pad"/> and then convolves
/// without padding, as PyTorch does ("same": the total d·(k − 1), its odd element on the right).</para>
/// </remarks>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="inChannels">Input channels C (<c>in_channels</c>).</param>
    /// <param name="outChannels">Output channels (<c>out_channels</c>).</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="stride">Default 1.</param>
    /// <param name="padding">Default 0; or <see cref="ConvPadding.Same"/> / <see cref="ConvPadding.Valid"/>.</param>
    /// <param name="dilation">Default 1.</param>
    /// <param name="groups">Channel groups; in and out channels must be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="paddingMode">How padding is filled (<c>padding_mode</c>).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source for the initial parameters.</param>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding? padding = null, int dilation = 1,
        int groups = 1, bool bias = true, PaddingMode paddingMode = PaddingMode.Zeros, DType dtype = DType.Float32, Generator? generator = null)
    {
        Padding = padding ?? 0;
        ConvLayer.Check("Conv1d", inChannels, outChannels, groups, [kernelSize], [stride], [dilation]);
        if (Padding.Kind == ConvPaddingKind.Explicit && (Padding.W < 0 || Padding.H != Padding.W))
            throw new ArgumentOutOfRangeException(nameof(padding), $"Conv1d: padding must be one non-negative number, got {Padding}");
        if (Padding.Kind == ConvPaddingKind.Same && stride != 1)
            throw new ArgumentException($"Conv1d: padding='same' is not supported for strided convolutions (stride {stride})");
        (InChannels, OutChannels, KernelSize, Stride, Dilation, Groups, PaddingMode) = (inChannels, outChannels, kernelSize, stride, dilation, groups, paddingMode);
        Weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels / groups, kernelSize], dtype));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
        else RegisterNullParameter("bias");
        ResetParameters(generator);
    }

    /// <summary>Input channels (<c>in_channels</c>).</summary>
    public int InChannels { get; }
    /// <summary>Output channels (<c>out_channels</c>).</summary>
    public int OutChannels { get; }
    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }
    /// <summary>Stride.</summary>
    public int Stride { get; }
    /// <summary>Padding: an explicit amount, "same" or "valid".</summary>
    public ConvPadding Padding { get; }
    /// <summary>Dilation.</summary>
    public int Dilation { get; }
    /// <summary>Channel groups.</summary>
    public int Groups { get; }
    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode { get; }
    /// <summary>The filters W, shape [out, in/groups, k].</summary>
    public Tensor Weight { get; }
    /// <summary>The bias b, shape [out], or null when created with bias = false.</summary>
    public Tensor? Bias { get; }

    /// <summary>Re-draws the parameters as PyTorch's <c>reset_parameters</c> (see the class remarks).</summary>
    public void ResetParameters(Generator? generator = null) => ConvLayer.ResetParameters(Weight, Bias, generator);

    /// <summary>y = conv1d(x, W, b) with this layer's options.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (PaddingMode == PaddingMode.Zeros)
            return F.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
        var (_, pw) = Conv2d.PadAmounts(Padding, (1, KernelSize), (1, Dilation));
        var padded = F.Pad(input, [pw.L, pw.R], PaddingMode.ToPadMode());
        return F.Conv1d(padded, Weight, Bias, Stride, 0, Dilation, Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvLayer.Repr(InChannels, OutChannels, [KernelSize], [Stride], Padding, 1,
        [Dilation], null, Groups, Bias is not null, PaddingMode);
}
