using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// A small ε-predicting U-Net for diffusion on small images (Ho et al. 2020's design, scaled down): a sinusoidal step
/// embedding through an MLP (plus an optional class embedding, for classifier-free guidance), residual blocks that add
/// that embedding at every level, stride-2 convolutions down, nearest-neighbour up-sampling plus a convolution up, skip
/// connections by concatenation, and self-attention between two residual blocks at the lowest resolution.
/// </summary>
/// <remarks>
/// <para><b>Shape.</b> With channels c_0 … c_{L−1} (e.g. 32, 64, 64) the input convolution maps to c_0; level i runs a
/// <see cref="DiffusionResBlock"/> to c_i and saves its output as a skip; each level but the last then halves the map
/// with a 3×3 stride-2 convolution (28 → 14 → 7). The middle is ResBlock, <see cref="DiffusionAttention"/>, ResBlock
/// at c_{L−1}. Climbing back, level i concatenates its skip and runs a ResBlock to c_i; each level but the first then
/// doubles the map (nearest neighbour) and a 3×3 convolution maps c_i to c_{i−1}. The head is GroupNorm, SiLU and a 3×3
/// convolution to the input channels. Sizes must survive the halvings exactly: H and W divisible by 2^(L−1).</para>
/// <para><b>Conditioning.</b> The step embedding is e = MLP(sinusoid(t)) of width 4·c_0. With <c>numClasses</c> &gt; 0 a
/// learned class embedding of the same width is added; label <c>numClasses</c> itself is the "null" label
/// (<see cref="NullLabel"/>) that classifier-free guidance trains with, and a null argument means all-null.</para>
/// <para><b>Keys.</b> time.*, class_embed.weight (conditional only), input.*, down.{i}.*, downsample.{i}.*, mid1.*,
/// attn.*, mid2.*, up.{k}.*, upsample.{k}.* (k = 0 is the deepest level, the order they run), out_norm.*, output.*.
/// Initialisation is each layer's PyTorch default; the twin in tools/reference/gen_unet_fixtures.py has the same keys.</para>
/// </remarks>
public sealed class DiffusionUNet : Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly TimestepEmbedding time;
    private readonly Embedding? classEmbed;
    private readonly Conv2d input, output;
    private readonly ModuleList<DiffusionResBlock> down = new(), up = new();
    private readonly ModuleList<Conv2d> downsample = new(), upsample = new();
    private readonly DiffusionResBlock mid1, mid2;
    private readonly DiffusionAttention attn;
    private readonly GroupNorm outNorm;
    private readonly int[] channels;

    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    /// <param name="imageChannels">Channels of the images (1 for MNIST).</param>
    /// <param name="channels">Channels per resolution level, highest resolution first; at least one level.</param>
    /// <param name="numClasses">Classes for a conditional model (its null label is this number), or 0.</param>
    /// <param name="groups">Group-norm groups; must divide every channel count.</param>
    /// <param name="heads">Attention heads at the lowest resolution.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Initialisation source (<see cref="Generator.Default"/> when null).</param>
    public DiffusionUNet(int imageChannels = 1, IReadOnlyList<int>? channels = null, int numClasses = 0, int groups = 8, int heads = 1,
        DType dtype = DType.Float32, Generator? generator = null)
    {
        this.channels = (channels ?? [32, 64, 64]).ToArray();
        if (this.channels.Length == 0 || this.channels.Any(c => c <= 0 || c % groups != 0))
            throw new ArgumentException($"DiffusionUNet: needs at least one level and channel counts divisible by groups = {groups}, got [{string.Join(", ", this.channels)}]");
        if (imageChannels <= 0 || numClasses < 0)
            throw new ArgumentOutOfRangeException(nameof(imageChannels), $"DiffusionUNet: image channels must be positive and classes non-negative, got {imageChannels} and {numClasses}");
        (ImageChannels, NumClasses) = (imageChannels, numClasses);
        int levels = this.channels.Length, c0 = this.channels[0], e = 4 * c0;
        EmbedDim = e;
        time = RegisterModule("time", new TimestepEmbedding(c0, e, dtype, generator));
        if (numClasses > 0)
        {
            classEmbed = RegisterModule("class_embed", new Embedding(numClasses + 1, e, dtype, generator));
        }
        input = RegisterModule("input", new Conv2d(imageChannels, c0, 3, padding: 1, dtype: dtype, generator: generator));
        RegisterModule("down", down);
        RegisterModule("downsample", downsample);
        int c = c0;
        for (int i = 0; i < levels; i++)
        {
            down.Add(new DiffusionResBlock(c, this.channels[i], e, groups, dtype, generator));
            c = this.channels[i];
            if (i < levels - 1) downsample.Add(new Conv2d(c, c, 3, stride: 2, padding: 1, dtype: dtype, generator: generator));
        }
        mid1 = RegisterModule("mid1", new DiffusionResBlock(c, c, e, groups, dtype, generator));
        attn = RegisterModule("attn", new DiffusionAttention(c, groups, heads, dtype, generator));
        mid2 = RegisterModule("mid2", new DiffusionResBlock(c, c, e, groups, dtype, generator));
        RegisterModule("up", up);
        RegisterModule("upsample", upsample);
        for (int i = levels - 1; i >= 0; i--)
        {
            up.Add(new DiffusionResBlock(c + this.channels[i], this.channels[i], e, groups, dtype, generator));
            c = this.channels[i];
            if (i > 0)
            {
                upsample.Add(new Conv2d(c, this.channels[i - 1], 3, padding: 1, dtype: dtype, generator: generator));
                c = this.channels[i - 1];
            }
        }
        outNorm = RegisterModule("out_norm", new GroupNorm(groups, c0, dtype: dtype));
        output = RegisterModule("output", new Conv2d(c0, imageChannels, 3, padding: 1, dtype: dtype, generator: generator));
    }

    /// <summary>Image channels (input and output).</summary>
    public int ImageChannels { get; }

    /// <summary>Number of classes of a conditional model, 0 for an unconditional one.</summary>
    public int NumClasses { get; }

    /// <summary>The label that means "no class" (= <see cref="NumClasses"/>).</summary>
    public int NullLabel => NumClasses;

    /// <summary>Width of the step (and class) embedding, 4·c_0.</summary>
    public int EmbedDim { get; }

    /// <summary>Channels per level, highest resolution first.</summary>
    public IReadOnlyList<int> Channels => channels;

    /// <summary>
    /// Predicts ε for noisy images [N, C, H, W] at 0-based steps [N] (any numeric dtype), with labels int64 [N] for a
    /// conditional model (null = every example unconditional; must be null for an unconditional model).
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not fit, or labels given to an unconditional model.</exception>
    public override Tensor Forward(Tensor input1, Tensor input2, Tensor? input3)
    {
        int m = 1 << (channels.Length - 1);
        if (input1.NDim != 4 || input1.Size(1) != ImageChannels || input1.Size(2) % m != 0 || input1.Size(3) % m != 0)
            throw new ArgumentException($"DiffusionUNet: expected images [N, {ImageChannels}, H, W] with H and W divisible by {m}, got {ShapeUtil.Format(input1.ShapeArray)}");
        int n = input1.Size(0);
        if (input2.NDim != 1 || input2.Size(0) != n)
            throw new ArgumentException($"DiffusionUNet: expected steps of shape [{n}], got {ShapeUtil.Format(input2.ShapeArray)}");
        var emb = time.Call(input2);
        if (classEmbed is not null)
        {
            var labels = input3 ?? Tensor.Full([n], NullLabel, DType.Int64);
            if (labels.NDim != 1 || labels.Size(0) != n)
                throw new ArgumentException($"DiffusionUNet: expected labels of shape [{n}], got {ShapeUtil.Format(labels.ShapeArray)}");
            emb = emb + classEmbed.Call(labels);
        }
        else if (input3 is not null)
            throw new ArgumentException("DiffusionUNet: labels given to an unconditional model (numClasses = 0)");

        var x = input.Call(input1);
        var skips = new Tensor[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            x = skips[i] = down[i].Call(x, emb);
            if (i < channels.Length - 1) x = downsample[i].Call(x);
        }
        x = mid2.Call(attn.Call(mid1.Call(x, emb)), emb);
        for (int k = 0; k < channels.Length; k++)
        {
            int i = channels.Length - 1 - k;
            x = up[k].Call(Tensor.Cat([x, skips[i]], 1), emb);
            if (i > 0) x = upsample[k].Call(F.Interpolate(x, scaleFactor: [2.0, 2.0], mode: InterpolationMode.Nearest));
        }
        return output.Call(outNorm.Call(x).Silu());
    }

    /// <summary>The network as a <see cref="NoisePredictor"/> for fixed labels (null: unconditional or all-null).</summary>
    public NoisePredictor Predictor(Tensor? labels = null) => (x, t) => Forward(x, t, labels);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"channels=[{string.Join(", ", channels)}], classes={NumClasses}, parameters={ParameterCount:N0}";
}
