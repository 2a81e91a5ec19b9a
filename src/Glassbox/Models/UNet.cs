using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// U-Net (Ronneberger, Fischer &amp; Brox 2015): an encoder of <see cref="DoubleConv"/> units separated by 2×2 max
/// pools, a bottleneck unit, and a decoder that up-samples, concatenates the encoder map of the same resolution
/// (the skip connection) and applies another unit; a 1×1 convolution maps to the output channels (per-pixel logits).
/// </summary>
/// <remarks>
/// <para><b>Shape.</b> Level i (0 ≤ i &lt; depth) of the encoder has width·2^i channels at resolution H/2^i; the
/// bottleneck has width·2^depth channels at H/2^depth; the decoder climbs back. With width 64 and depth 4 (the
/// paper's network): 64, 128, 256, 512, bottleneck 1024, then 512, 256, 128, 64 and the 1×1 head.
/// The input's height and width must be multiples of 2^depth so every pool halves exactly and every skip matches.</para>
/// <para><b>Same padding.</b> The paper uses unpadded ("valid") 3×3 convolutions: a 572×572 tile shrinks to a
/// 388×388 output and the skip maps are centre-cropped before concatenation; large images are segmented tile by tile
/// with overlap. Here every convolution pads by 1, so the output has the input's size and nothing is cropped — the
/// common modern choice. Padding changes no kernel shape, so the parameter count is the paper's: 31,030,658 for
/// width 64, depth 4, one input channel, two output classes, transposed up-sampling and no batch norm.</para>
/// <para><b>Options.</b> <see cref="UNetUpsampling.TransposedConv"/> (the paper's 2×2 up-convolution halving the channels,
/// registered as <c>up.{k}</c>) or <see cref="UNetUpsampling.Bilinear"/> (no parameters; the decoder unit then takes
/// 3·width·2^i channels); batch norm inside every unit (not in the paper, which predates it; it makes training from
/// scratch much less sensitive to the learning rate).</para>
/// <para><b>Keys.</b> encoder.{i}.*, bottleneck.*, up.{k}.weight/bias, decoder.{k}.*, head.weight/bias, where
/// k = 0 is the deepest decoder level (the order they run), i.e. level i = depth − 1 − k. Initialisation is each
/// layer's PyTorch default.</para>
/// </remarks>
public sealed class UNet : Module<Tensor, Tensor>
{
    private readonly ModuleList<DoubleConv> encoder;
    private readonly DoubleConv bottleneck;
    private readonly ModuleList<Module<Tensor, Tensor>> up;
    private readonly ModuleList<DoubleConv> decoder;
    private readonly Conv2d head;
    private readonly MaxPool2d pool = new(2);

    /// <summary>Creates the network with every layer's default (PyTorch) initialisation.</summary>
    /// <param name="inChannels">Input channels (1 for the paper's grey-scale microscopy).</param>
    /// <param name="outChannels">Output channels: classes for a per-pixel softmax (2 in the paper).</param>
    /// <param name="width">Channels of the first level (64 in the paper); level i has width·2^i.</param>
    /// <param name="depth">Number of 2×2 pools (4 in the paper).</param>
    /// <param name="upsampling">Transposed convolution (the paper) or bilinear interpolation.</param>
    /// <param name="batchNorm">Batch norm after every 3×3 convolution.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation (<see cref="Generator.Default"/> when null).</param>
    public UNet(int inChannels = 1, int outChannels = 2, int width = 64, int depth = 4, UNetUpsampling upsampling = UNetUpsampling.TransposedConv,
        bool batchNorm = false, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentOutOfRangeException(nameof(inChannels), $"UNet: channel counts must be positive, got in={inChannels}, out={outChannels}");
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"UNet: width must be positive, got {width}");
        if (depth < 1 || depth > 16 || (long)width << depth > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(depth), $"UNet: depth must be at least 1 and keep width·2^depth within int, got width {width}, depth {depth}");
        if (!Enum.IsDefined(upsampling)) throw new ArgumentOutOfRangeException(nameof(upsampling), upsampling, "UNet: not a defined UNetUpsampling");
        (InChannels, OutChannels, Width, Depth, Upsampling, BatchNorm) = (inChannels, outChannels, width, depth, upsampling, batchNorm);

        encoder = RegisterModule("encoder", new ModuleList<DoubleConv>());
        int c = inChannels;
        for (int i = 0; i < depth; i++)
        {
            encoder.Add(new DoubleConv(c, width << i, batchNorm, dtype, generator));
            c = width << i;
        }
        bottleneck = RegisterModule("bottleneck", new DoubleConv(c, width << depth, batchNorm, dtype, generator));
        up = RegisterModule("up", new ModuleList<Module<Tensor, Tensor>>());
        decoder = RegisterModule("decoder", new ModuleList<DoubleConv>());
        for (int i = depth - 1; i >= 0; i--)
        {
            int hi = width << (i + 1), lo = width << i;
            if (upsampling == UNetUpsampling.TransposedConv)
            {
                up.Add(new ConvTranspose2d(hi, lo, 2, stride: 2, dtype: dtype, generator: generator));
                decoder.Add(new DoubleConv(2 * lo, lo, batchNorm, dtype, generator));
            }
            else
            {
                up.Add(new Upsample(scaleFactor: [2.0, 2.0], mode: InterpolationMode.Bilinear, alignCorners: false));
                decoder.Add(new DoubleConv(hi + lo, lo, batchNorm, dtype, generator));
            }
        }
        head = RegisterModule("head", new Conv2d(width, outChannels, 1, dtype: dtype, generator: generator));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }
    /// <summary>Channels of the first level.</summary>
    public int Width { get; }
    /// <summary>Number of pooling steps.</summary>
    public int Depth { get; }
    /// <summary>The decoder's up-sampling.</summary>
    public UNetUpsampling Upsampling { get; }
    /// <summary>Whether the units use batch norm.</summary>
    public bool BatchNorm { get; }

    /// <summary>Maps [N, in, H, W] to [N, out, H, W] per-pixel logits; H and W must be multiples of 2^depth.</summary>
    /// <exception cref="ArgumentException">The input does not fit; the message names the shape.</exception>
    public override Tensor Forward(Tensor input)
    {
        int m = 1 << Depth;
        if (input.NDim != 4 || input.Shape[1] != InChannels || input.Shape[2] % m != 0 || input.Shape[3] % m != 0 || input.Shape[2] == 0 || input.Shape[3] == 0)
            throw new ArgumentException($"UNet: expected input of shape [N, {InChannels}, H, W] with H and W positive multiples of 2^depth = {m}, got {ShapeUtil.Format(input.ShapeArray)}");
        var skips = new Tensor[Depth];
        var x = input;
        for (int i = 0; i < Depth; i++)
        {
            x = skips[i] = encoder[i].Call(x);
            x = pool.Call(x);
        }
        x = bottleneck.Call(x);
        for (int k = 0; k < Depth; k++)
            x = decoder[k].Call(Tensor.Cat([skips[Depth - 1 - k], up[k].Call(x)], 1));
        return head.Call(x);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"width={Width}, depth={Depth}";
}
