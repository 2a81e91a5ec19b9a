using Glassbox.NN;

namespace Glassbox.Models;

/// <summary>
/// Residual networks (He, Zhang, Ren &amp; Sun 2016) in their two standard shapes: the ImageNet networks as built by
/// torchvision (ResNet-18/34/50/101/152, v1.5) and the CIFAR networks of the paper's §4.2 (ResNet-20/32/44/56/110).
/// </summary>
/// <remarks>
/// <para><b>ImageNet</b> (<see cref="ImageNet"/>): stem conv1 7×7/2 (64 channels, no bias), bn1, ReLU, maxpool 3×3/2
/// (padding 1); four stages layer1–layer4 of widths 64, 128, 256, 512 (× the block's expansion), the first block of
/// layers 2–4 with stride 2; global average pooling; fc. A 224×224 input becomes 112 → 56 → 56, 28, 14, 7 → 1.
/// Shortcuts that change shape are projections (option B). ResNet-18 = [2,2,2,2] basic blocks, 11,689,512
/// parameters; ResNet-50 = [3,4,6,3] bottlenecks, 25,557,032 parameters (1000 classes).</para>
/// <para><b>CIFAR</b> (<see cref="Cifar"/>): stem conv1 3×3 (16 channels, no bias), bn1, ReLU, no max pool; three
/// stages layer1–layer3 of n basic blocks at widths 16, 32, 64 on 32×32, 16×16, 8×8 maps; global average pooling;
/// fc. 6n + 2 weighted layers (n = 3 → ResNet-20). The paper uses the parameter-free option-A shortcut
/// (<see cref="ZeroPadShortcut"/>), so ResNet-20 has 269,722 parameters (0.27M, the paper's Table 6); option B adds
/// 2,752 (1×1 projections 16→32 and 32→64 with batch norm).</para>
/// <para><b>Keys.</b> Both shapes use torchvision's names: conv1, bn1, layer{k}.{i}.conv1/bn1/conv2/bn2(/conv3/bn3),
/// layer{k}.{i}.downsample.0/1, fc. (The widely used CIFAR implementation by Y. Idelbayev names the head "linear" and
/// the projection "shortcut"; rename those keys to load its checkpoints.)</para>
/// <para><b>Initialisation</b> as torchvision: every convolution kaiming-normal with fan_out and the ReLU gain,
/// batch norm γ = 1, β = 0, the linear head PyTorch's default.</para>
/// </remarks>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential[] stages;
    private readonly Linear fc;

    private ResNet(bool cifar, ResNetBlock block, int[] layers, int baseWidth, ResNetShortcut shortcut, int numClasses, DType dtype, Generator? generator)
    {
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), $"ResNet: numClasses must be positive, got {numClasses}");
        if (baseWidth <= 0) throw new ArgumentOutOfRangeException(nameof(baseWidth), $"ResNet: baseWidth must be positive, got {baseWidth}");
        if (layers.Length == 0 || layers.Any(n => n <= 0))
            throw new ArgumentException($"ResNet: every stage needs at least one block, got layers {ShapeUtil.Format(layers)}", nameof(layers));
        (IsCifar, Block, Layers, BaseWidth, Shortcut, NumClasses) = (cifar, block, (int[])layers.Clone(), baseWidth, shortcut, numClasses);
        conv1 = RegisterModule("conv1", cifar
            ? new Conv2d(3, baseWidth, 3, padding: 1, bias: false, dtype: dtype, generator: generator)
            : new Conv2d(3, baseWidth, 7, stride: 2, padding: 3, bias: false, dtype: dtype, generator: generator));
        bn1 = RegisterModule("bn1", new BatchNorm2d(baseWidth, dtype: dtype));
        if (!cifar) maxpool = RegisterModule("maxpool", new MaxPool2d(3, stride: 2, padding: 1));
        int expansion = block == ResNetBlock.Basic ? BasicBlock.Expansion : Bottleneck.Expansion;
        int inPlanes = baseWidth;
        stages = new Sequential[layers.Length];
        for (int s = 0; s < layers.Length; s++)
        {
            int planes = baseWidth << s, outPlanes = planes * expansion;
            var blocks = new List<Module<Tensor, Tensor>>();
            for (int i = 0; i < layers[s]; i++)
            {
                int stride = s > 0 && i == 0 ? 2 : 1;
                Module<Tensor, Tensor>? down = null;
                if (stride != 1 || inPlanes != outPlanes)
                    down = shortcut == ResNetShortcut.A
                        ? new ZeroPadShortcut(inPlanes, outPlanes, stride)
                        : new Sequential(
                            new Conv2d(inPlanes, outPlanes, 1, stride: stride, bias: false, dtype: dtype, generator: generator),
                            new BatchNorm2d(outPlanes, dtype: dtype));
                blocks.Add(block == ResNetBlock.Basic
                    ? new BasicBlock(inPlanes, planes, stride, down, dtype, generator)
                    : new Bottleneck(inPlanes, planes, stride, down, dtype, generator));
                inPlanes = outPlanes;
            }
            stages[s] = RegisterModule($"layer{s + 1}", new Sequential(blocks.ToArray()));
        }
        fc = RegisterModule("fc", new Linear(inPlanes, numClasses, dtype: dtype, generator: generator));
        FeatureCount = inPlanes;
        foreach (var m in Modules())
            if (m is Conv2d conv) Init.KaimingNormal(conv.Weight, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu, generator: generator);
    }

    /// <summary>
    /// An ImageNet-style ResNet as torchvision builds it: 7×7/2 stem with max pool, then one stage per entry of
    /// <paramref name="layers"/> (widths baseWidth·2^k, stride 2 from the second), projection shortcuts.
    /// </summary>
    /// <param name="block">Basic blocks (ResNet-18/34) or bottlenecks (ResNet-50/101/152).</param>
    /// <param name="layers">Blocks per stage, e.g. [2, 2, 2, 2] for ResNet-18.</param>
    /// <param name="numClasses">Outputs of the fc head.</param>
    /// <param name="baseWidth">Stem and first-stage width; torchvision fixes 64 (a smaller value gives a narrow network for tests).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation (<see cref="Generator.Default"/> when null).</param>
    public static ResNet ImageNet(ResNetBlock block, int[] layers, int numClasses = 1000, int baseWidth = 64, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return new(false, block, layers, baseWidth, ResNetShortcut.B, numClasses, dtype, generator);
    }

    /// <summary>
    /// A CIFAR ResNet of He et al. §4.2 with 6n + 2 layers: 3×3 stem of 16 channels, three stages of
    /// <paramref name="n"/> basic blocks at widths 16, 32, 64, global average pooling, fc.
    /// </summary>
    /// <param name="n">Blocks per stage (3 → ResNet-20, 5 → 32, 7 → 44, 9 → 56, 18 → 110).</param>
    /// <param name="numClasses">Outputs of the fc head.</param>
    /// <param name="shortcut">Option A (the paper's, parameter-free) or B (projections).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation (<see cref="Generator.Default"/> when null).</param>
    public static ResNet Cifar(int n, int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), $"ResNet: n (blocks per stage) must be positive, got {n}");
        return new(true, ResNetBlock.Basic, [n, n, n], 16, shortcut, numClasses, dtype, generator);
    }

    /// <summary>ResNet-18: [2, 2, 2, 2] basic blocks, 11,689,512 parameters for 1000 classes.</summary>
    public static ResNet ResNet18(int numClasses = 1000, DType dtype = DType.Float32, Generator? generator = null) => ImageNet(ResNetBlock.Basic, [2, 2, 2, 2], numClasses, 64, dtype, generator);
    /// <summary>ResNet-34: [3, 4, 6, 3] basic blocks, 21,797,672 parameters for 1000 classes.</summary>
    public static ResNet ResNet34(int numClasses = 1000, DType dtype = DType.Float32, Generator? generator = null) => ImageNet(ResNetBlock.Basic, [3, 4, 6, 3], numClasses, 64, dtype, generator);
    /// <summary>ResNet-50: [3, 4, 6, 3] bottlenecks, 25,557,032 parameters for 1000 classes.</summary>
    public static ResNet ResNet50(int numClasses = 1000, DType dtype = DType.Float32, Generator? generator = null) => ImageNet(ResNetBlock.Bottleneck, [3, 4, 6, 3], numClasses, 64, dtype, generator);
    /// <summary>ResNet-101: [3, 4, 23, 3] bottlenecks.</summary>
    public static ResNet ResNet101(int numClasses = 1000, DType dtype = DType.Float32, Generator? generator = null) => ImageNet(ResNetBlock.Bottleneck, [3, 4, 23, 3], numClasses, 64, dtype, generator);
    /// <summary>ResNet-152: [3, 8, 36, 3] bottlenecks.</summary>
    public static ResNet ResNet152(int numClasses = 1000, DType dtype = DType.Float32, Generator? generator = null) => ImageNet(ResNetBlock.Bottleneck, [3, 8, 36, 3], numClasses, 64, dtype, generator);

    /// <summary>CIFAR ResNet-20 (n = 3): 269,722 parameters with option A and 10 classes.</summary>
    public static ResNet ResNet20(int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null) => Cifar(3, numClasses, shortcut, dtype, generator);
    /// <summary>CIFAR ResNet-32 (n = 5): 464,154 parameters with option A and 10 classes.</summary>
    public static ResNet ResNet32(int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null) => Cifar(5, numClasses, shortcut, dtype, generator);
    /// <summary>CIFAR ResNet-44 (n = 7).</summary>
    public static ResNet ResNet44(int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null) => Cifar(7, numClasses, shortcut, dtype, generator);
    /// <summary>CIFAR ResNet-56 (n = 9): 853,018 parameters with option A and 10 classes.</summary>
    public static ResNet ResNet56(int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null) => Cifar(9, numClasses, shortcut, dtype, generator);
    /// <summary>CIFAR ResNet-110 (n = 18).</summary>
    public static ResNet ResNet110(int numClasses = 10, ResNetShortcut shortcut = ResNetShortcut.A, DType dtype = DType.Float32, Generator? generator = null) => Cifar(18, numClasses, shortcut, dtype, generator);

    /// <summary>True for the CIFAR shape (3×3 stem, no max pool), false for the ImageNet shape.</summary>
    public bool IsCifar { get; }
    /// <summary>The block type.</summary>
    public ResNetBlock Block { get; }
    /// <summary>Blocks per stage (a copy).</summary>
    public IReadOnlyList<int> Layers { get; }
    /// <summary>Stem width (16 for CIFAR, 64 for torchvision's networks).</summary>
    public int BaseWidth { get; }
    /// <summary>The kind of shape-changing shortcut.</summary>
    public ResNetShortcut Shortcut { get; }
    /// <summary>Number of outputs.</summary>
    public int NumClasses { get; }
    /// <summary>Width of the pooled features that enter fc (64 for CIFAR, 512 or 2048 for ImageNet).</summary>
    public int FeatureCount { get; }
    /// <summary>The stages layer1, layer2, … in order.</summary>
    public IReadOnlyList<Sequential> Stages => stages;

    /// <summary>Maps [N, 3, H, W] images to [N, classes] logits.</summary>
    /// <exception cref="ArgumentException">The input is not [N, 3, H, W]; the message names the shape.</exception>
    public override Tensor Forward(Tensor input)
    {
        if (input.NDim != 4 || input.Shape[1] != 3)
            throw new ArgumentException($"ResNet: expected input of shape [N, 3, H, W], got {ShapeUtil.Format(input.ShapeArray)}");
        var x = bn1.Call(conv1.Call(input)).Relu();
        if (maxpool is not null) x = maxpool.Call(x);
        foreach (var stage in stages) x = stage.Call(x);
        // Global average pooling (AdaptiveAvgPool2d(1) followed by flatten): [N, C, h, w] → [N, C].
        return fc.Call(x.Mean([2, 3]));
    }
}
