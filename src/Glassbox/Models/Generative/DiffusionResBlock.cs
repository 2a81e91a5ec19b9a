using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The residual block of a diffusion U-Net (Ho et al. 2020, after Wide ResNets with group norm):
/// h = conv1(SiLU(GN1(x))) + W·SiLU(e) (the step/class embedding e projected to the channels and added at every pixel),
/// out = skip(x) + conv2(SiLU(GN2(h))), with skip a 1×1 convolution when the channel count changes and the identity
/// otherwise. Both convolutions are 3×3 with padding 1 (the map keeps its size).
/// </summary>
/// <remarks>
/// Group norm rather than batch norm: a diffusion batch mixes every noise level, so batch statistics would mix very
/// different feature scales; group norm normalises each example alone. Keys: norm1.*, conv1.*, embed.*, norm2.*,
/// conv2.*, and skip.* when present.
/// </remarks>
public sealed class DiffusionResBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm1, norm2;
    private readonly Conv2d conv1, conv2;
    private readonly Linear embed;
    private readonly Conv2d? skip;

    /// <summary>Creates the block; <paramref name="groups"/> must divide both channel counts.</summary>
    public DiffusionResBlock(int inChannels, int outChannels, int embedDim, int groups, DType dtype = DType.Float32, Generator? generator = null)
    {
        (InChannels, OutChannels) = (inChannels, outChannels);
        norm1 = RegisterModule("norm1", new GroupNorm(groups, inChannels, dtype: dtype));
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, padding: 1, dtype: dtype, generator: generator));
        embed = RegisterModule("embed", new Linear(embedDim, outChannels, dtype: dtype, generator: generator));
        norm2 = RegisterModule("norm2", new GroupNorm(groups, outChannels, dtype: dtype));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1, dtype: dtype, generator: generator));
        if (inChannels != outChannels) skip = RegisterModule("skip", new Conv2d(inChannels, outChannels, 1, dtype: dtype, generator: generator));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Maps x [N, in, H, W] and the embedding [N, e] to [N, out, H, W].</summary>
    public override Tensor Forward(Tensor input1, Tensor input2)
    {
        var h = conv1.Call(norm1.Call(input1).Silu());
        var e = embed.Call(input2.Silu());
        h = h + e.Reshape(e.Size(0), OutChannels, 1, 1);
        h = conv2.Call(norm2.Call(h).Silu());
        return (skip is null ? input1 : skip.Call(input1)) + h;
    }
}
