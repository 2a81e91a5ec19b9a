namespace Glassbox.Models;

/// <summary>
/// The parameter-free shortcut of He et al. (2016), option A: keeps every <see cref="Stride"/>-th pixel in both
/// directions and appends zero channels, so [N, C_in, H, W] becomes [N, C_out, ⌈H/s⌉, ⌈W/s⌉] and matches the output of
/// a block whose first 3×3 convolution (padding 1) has stride s.
/// </summary>
/// <remarks>
/// The new channels are split as in the common CIFAR implementation: ⌊(C_out − C_in)/2⌋ zero channels before the
/// input's channels and the rest after them (for 16 → 32: 8 and 8). Where the zero channels go does not change what
/// the network can learn, but it fixes which output channel receives which input channel, so a checkpoint trained
/// with one layout needs the same layout. The gradient flows back through the kept pixels only.
/// </remarks>
public sealed class ZeroPadShortcut : NN.Module<Tensor, Tensor>
{
    /// <summary>Creates the shortcut.</summary>
    public ZeroPadShortcut(int inChannels, int outChannels, int stride)
    {
        if (inChannels <= 0 || outChannels < inChannels)
            throw new ArgumentOutOfRangeException(nameof(outChannels), $"ZeroPadShortcut: need 0 < inChannels ≤ outChannels, got {inChannels} and {outChannels}");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), $"ZeroPadShortcut: stride must be positive, got {stride}");
        (InChannels, OutChannels, Stride) = (inChannels, outChannels, stride);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels; the extra OutChannels − InChannels are zeros.</summary>
    public int OutChannels { get; }
    /// <summary>Sub-sampling step in both spatial directions.</summary>
    public int Stride { get; }

    /// <summary>x[:, :, ::s, ::s] padded with zero channels.</summary>
    /// <exception cref="ArgumentException">The input is not [N, InChannels, H, W]; the message names the shape.</exception>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim != 4 || input.Shape[1] != InChannels)
            throw new ArgumentException($"ZeroPadShortcut: expected input of shape [N, {InChannels}, H, W], got {ShapeUtil.Format(input.ShapeArray)}");
        var x = Stride == 1 ? input : input.Slice(2, step: Stride).Slice(3, step: Stride);
        int extra = OutChannels - InChannels, before = extra / 2;
        return extra == 0 ? x : x.Pad([0, 0, 0, 0, before, extra - before]);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{InChannels}, {OutChannels}, stride={Stride}";
}
