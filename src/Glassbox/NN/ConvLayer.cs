namespace Glassbox.NN;

/// <summary>What the convolution layers share: PyTorch's <c>_ConvNd</c> checks, initialisation and repr.</summary>
internal static class ConvLayer
{
    /// <summary>
    /// PyTorch's <c>_ConvNd.reset_parameters</c>: weight ~ kaiming_uniform(a = √5), i.e. U(−1/√fan_in, 1/√fan_in),
    /// and bias ~ U(−1/√fan_in, 1/√fan_in), with fan_in = weight.shape[1]·Πk (for a transposed convolution that is
    /// out_channels/groups·Πk, because its weight is stored in-channels first — PyTorch's quirk, kept).
    /// </summary>
    public static void ResetParameters(Tensor weight, Tensor? bias, Generator? generator)
    {
        Init.KaimingUniform(weight, a: Math.Sqrt(5), generator: generator);
        if (bias is null) return;
        int fanIn = Init.CalculateFans(weight).FanIn;
        if (fanIn == 0) return;
        double bound = 1.0 / Math.Sqrt(fanIn);
        Init.Uniform(bias, -bound, bound, generator);
    }

    /// <summary>The constructor checks of <c>_ConvNd.__init__</c>, with the layer's name in the message.</summary>
    public static void Check(string layer, int inChannels, int outChannels, int groups, IEnumerable<int> kernel, IEnumerable<int> stride, IEnumerable<int> dilation)
    {
        if (inChannels < 0 || outChannels < 0) throw new ArgumentOutOfRangeException(nameof(inChannels), $"{layer}: channel counts must be non-negative, got in_channels={inChannels}, out_channels={outChannels}");
        if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), $"{layer}: groups must be a positive integer, got {groups}");
        if (inChannels % groups != 0) throw new ArgumentException($"{layer}: in_channels = {inChannels} must be divisible by groups = {groups}");
        if (outChannels % groups != 0) throw new ArgumentException($"{layer}: out_channels = {outChannels} must be divisible by groups = {groups}");
        if (kernel.Any(k => k <= 0)) throw new ArgumentOutOfRangeException(nameof(kernel), $"{layer}: kernel_size must be positive, got ({string.Join(", ", kernel)})");
        if (stride.Any(s => s <= 0)) throw new ArgumentOutOfRangeException(nameof(stride), $"{layer}: stride must be positive, got ({string.Join(", ", stride)})");
        if (dilation.Any(d => d <= 0)) throw new ArgumentOutOfRangeException(nameof(dilation), $"{layer}: dilation must be positive, got ({string.Join(", ", dilation)})");
    }

    /// <summary>PyTorch's name of a padding mode.</summary>
    public static string TorchName(this PaddingMode mode) => mode switch
    {
        PaddingMode.Zeros => "zeros",
        PaddingMode.Reflect => "reflect",
        PaddingMode.Replicate => "replicate",
        PaddingMode.Circular => "circular",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a defined PaddingMode"),
    };

    /// <summary>The <see cref="PadMode"/> that implements a non-zero <see cref="PaddingMode"/>.</summary>
    public static PadMode ToPadMode(this PaddingMode mode) => mode switch
    {
        PaddingMode.Reflect => PadMode.Reflect,
        PaddingMode.Replicate => PadMode.Replicate,
        PaddingMode.Circular => PadMode.Circular,
        _ => PadMode.Constant,
    };

    /// <summary>
    /// PyTorch's <c>_ConvNd.extra_repr</c>: channels, kernel_size and stride always; padding, dilation, output_padding,
    /// groups, bias and padding_mode only when they differ from the defaults. Tuples print as Python tuples ("(3,)" in 1-D).
    /// </summary>
    public static string Repr(int inChannels, int outChannels, int[] kernel, int[] stride, ConvPadding padding, int dims, int[] dilation,
        int[]? outputPadding, int groups, bool bias, PaddingMode mode)
    {
        var s = $"{inChannels}, {outChannels}, kernel_size={PyFormat.Tuple(kernel)}, stride={PyFormat.Tuple(stride)}";
        if (padding.Kind != ConvPaddingKind.Explicit) s += $", padding={padding}";
        else
        {
            int[] p = dims == 1 ? [padding.W] : [padding.H, padding.W];
            if (p.Any(v => v != 0)) s += $", padding={PyFormat.Tuple(p)}";
        }
        if (dilation.Any(v => v != 1)) s += $", dilation={PyFormat.Tuple(dilation)}";
        if (outputPadding is not null && outputPadding.Any(v => v != 0)) s += $", output_padding={PyFormat.Tuple(outputPadding)}";
        if (groups != 1) s += $", groups={groups}";
        if (!bias) s += ", bias=False";
        if (mode != PaddingMode.Zeros) s += $", padding_mode={mode.TorchName()}";
        return s;
    }
}
