using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// VGG (Simonyan &amp; Zisserman 2015) with the CIFAR-sized head commonly used on 32×32 images: stacks of 3×3
/// convolutions (padding 1, so each keeps the size) with ReLU, a 2×2 max pool after each of the five stages
/// (32 → 16 → 8 → 4 → 2 → 1), then one Linear(512, classes) on the 512 features.
/// </summary>
/// <remarks>
/// <para>Shapes for a [N, 3, 32, 32] input and VGG-11 (configuration A): stage widths 64, 128, 256, 512, 512 with
/// 1, 1, 2, 2, 2 convolutions; after the stages [N, 512, 1, 1], flattened to [N, 512]. Parameters: convolutions
/// 3·64·9+64 + 64·128·9+128 + 128·256·9+256 + 256·256·9+256 + 256·512·9+512 + 3·(512·512·9+512) = 9,220,480;
/// batch norm 2·(64+128+256+256+4·512) = 5,504; head 512·10+10 = 5,130; VGG-11-BN total 9,231,114
/// (9,225,610 without batch norm).</para>
/// <para>The ImageNet VGG ends instead with 7×7 adaptive pooling and three fully connected layers
/// (25088 → 4096 → 4096 → classes, 123M parameters there alone); on 32×32 inputs the five pools already reach 1×1,
/// so the CIFAR variant keeps one linear layer, which is what makes VGG trainable on CIFAR in minutes.</para>
/// <para>State-dict keys follow PyTorch's <c>nn.Sequential</c> numbering: <c>features.{i}.weight/bias</c> for each
/// convolution (biased, as in torchvision even with batch norm), <c>features.{i}.weight/bias/running_mean/
/// running_var/num_batches_tracked</c> for each BatchNorm2d, where i counts every layer of the sequence (ReLU and
/// pools included); the head is <c>classifier.weight/bias</c>.</para>
/// <para><c>widthDivisor</c> divides every width (a narrow VGG for tests and quick experiments); the head then has
/// 512 / widthDivisor inputs.</para>
/// </remarks>
public sealed class VGG : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear classifier;

    /// <summary>Creates the network with every layer's default (PyTorch) initialisation.</summary>
    /// <param name="config">Which configuration (VGG-11, -13, -16, -19).</param>
    /// <param name="numClasses">Outputs (10 for CIFAR-10).</param>
    /// <param name="batchNorm">Insert BatchNorm2d after every convolution (the "-BN" variants).</param>
    /// <param name="widthDivisor">Divides every stage width; must divide 64.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation (<see cref="Generator.Default"/> when null).</param>
    public VGG(VGGConfig config = VGGConfig.VGG11, int numClasses = 10, bool batchNorm = true, int widthDivisor = 1,
        DType dtype = DType.Float32, Generator? generator = null)
    {
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"VGG: numClasses must be positive, got {numClasses}");
        if (widthDivisor <= 0 || 64 % widthDivisor != 0)
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), $"VGG: widthDivisor must be a positive divisor of 64, got {widthDivisor}");
        (Config, NumClasses, BatchNorm, WidthDivisor) = (config, numClasses, batchNorm, widthDivisor);
        var layers = new List<Module<Tensor, Tensor>>();
        int c = 3;
        int[] widths = [64, 128, 256, 512, 512];
        var counts = StageConvolutions(config);
        for (int stage = 0; stage < 5; stage++)
        {
            int w = widths[stage] / widthDivisor;
            for (int k = 0; k < counts[stage]; k++)
            {
                layers.Add(new Conv2d(c, w, 3, padding: 1, dtype: dtype, generator: generator));
                if (batchNorm) layers.Add(new BatchNorm2d(w, dtype: dtype));
                layers.Add(new ReLU());
                c = w;
            }
            layers.Add(new MaxPool2d(2, stride: 2));
        }
        features = RegisterModule("features", new Sequential(layers.ToArray()));
        classifier = RegisterModule("classifier", new Linear(c, numClasses, dtype: dtype, generator: generator));
    }

    /// <summary>The number of 3×3 convolutions in each of the five stages of <paramref name="config"/>.</summary>
    public static int[] StageConvolutions(VGGConfig config) => config switch
    {
        VGGConfig.VGG11 => [1, 1, 2, 2, 2],
        VGGConfig.VGG13 => [2, 2, 2, 2, 2],
        VGGConfig.VGG16 => [2, 2, 3, 3, 3],
        VGGConfig.VGG19 => [2, 2, 4, 4, 4],
        _ => throw new ArgumentOutOfRangeException(nameof(config), config, "VGG: not a defined VGGConfig"),
    };

    /// <summary>The configuration.</summary>
    public VGGConfig Config { get; }
    /// <summary>Number of outputs.</summary>
    public int NumClasses { get; }
    /// <summary>Whether every convolution is followed by batch norm.</summary>
    public bool BatchNorm { get; }
    /// <summary>The divisor applied to every width.</summary>
    public int WidthDivisor { get; }
    /// <summary>The convolutional part (<c>features</c>): [N, 3, H, W] → [N, 512/widthDivisor, 1, 1].</summary>
    public Sequential Features => features;

    /// <summary>Maps [N, 3, H, W] images (32 ≤ H, W ≤ 63, so the five pools end at 1×1) to [N, classes] logits.</summary>
    /// <exception cref="ArgumentException">The input does not fit; the message names the shape.</exception>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim != 4 || input.Shape[1] != 3 || input.Shape[2] is < 32 or > 63 || input.Shape[3] is < 32 or > 63)
            throw new ArgumentException($"VGG: expected input of shape [N, 3, H, W] with 32 ≤ H, W ≤ 63 (the CIFAR head needs the five 2×2 pools to end at 1×1), got {ShapeUtil.Format(input.ShapeArray)}");
        return classifier.Call(features.Call(input).Flatten(1));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => WidthDivisor == 1 ? "" : $"width_divisor={WidthDivisor}";
}
