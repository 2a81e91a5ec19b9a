using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// Spatial self-attention with a residual connection, the block Ho et al. (2020) put at the U-Net's 16×16 level:
/// the H·W pixels of a group-normalised map are the tokens, a 1×1 convolution makes their queries, keys and values,
/// scaled dot-product attention mixes them (per head), a second 1×1 convolution projects back, and the input is added.
/// </summary>
/// <remarks>
/// Convolutions see only a 3×3 neighbourhood per layer; at the lowest resolution (7×7 for 28×28 digits) one
/// attention layer lets every position read every other, e.g. to keep a stroke's two ends consistent. It costs
/// (H·W)² per channel, which is why it sits only where H·W is small. Keys: norm.*, qkv.* (out channels ordered q, k, v,
/// each split into heads), proj.*.
/// </remarks>
public sealed class DiffusionAttention : Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv2d qkv, proj;

    /// <summary>Creates the block; <paramref name="heads"/> must divide the channel count.</summary>
    public DiffusionAttention(int channels, int groups, int heads = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (heads < 1 || channels % heads != 0)
            throw new ArgumentException($"DiffusionAttention: the head count must divide the channels, got {channels} channels and {heads} heads");
        (Channels, Heads) = (channels, heads);
        norm = RegisterModule("norm", new GroupNorm(groups, channels, dtype: dtype));
        qkv = RegisterModule("qkv", new Conv2d(channels, 3 * channels, 1, dtype: dtype, generator: generator));
        proj = RegisterModule("proj", new Conv2d(channels, channels, 1, dtype: dtype, generator: generator));
    }

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Number of heads.</summary>
    public int Heads { get; }

    /// <summary>Maps [N, C, H, W] to the same shape.</summary>
    public override Tensor Forward(Tensor input)
    {
        int n = input.Size(0), h = input.Size(2), w = input.Size(3), d = Channels / Heads;
        // [N, 3C, H, W] → [3, N, heads, HW, d]
        var t = qkv.Call(norm.Call(input)).Reshape(n, 3, Heads, d, h * w).Permute(1, 0, 2, 4, 3);
        var o = F.ScaledDotProductAttention(t.Select(0, 0), t.Select(0, 1), t.Select(0, 2));
        // [N, heads, HW, d] → [N, C, H, W]
        o = o.Permute(0, 1, 3, 2).Reshape(n, Channels, h, w);
        return input + proj.Call(o);
    }
}
