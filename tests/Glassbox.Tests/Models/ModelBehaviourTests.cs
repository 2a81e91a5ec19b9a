using Glassbox.Autograd;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Tests.Models;

/// <summary>Shapes, gradients, input checks and a training smoke test of the zoo models.</summary>
public class ModelBehaviourTests
{
    [Fact]
    public void ZeroPadShortcutSubsamplesAndPadsChannels()
    {
        // [1, 2, 3, 5] → stride 2 keeps rows 0, 2 and columns 0, 2, 4; 2 → 5 channels puts 1 zero channel before, 2 after.
        var x = Tensor.Arange(0, 30, 1, DType.Float64).Reshape(1, 2, 3, 5);
        var y = new ZeroPadShortcut(2, 5, 2).Call(x);
        Assert.Equal([1, 5, 2, 3], y.ShapeToArray());
        double[] expected =
        [
            0, 0, 0, 0, 0, 0,
            0, 2, 4, 10, 12, 14,
            15, 17, 19, 25, 27, 29,
            0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, y.ToDoubleArray());
        Assert.Equal(0, new ZeroPadShortcut(4, 4, 1).ParameterCount);
    }

    [Fact]
    public void ZeroPadShortcutGradientReachesOnlyTheKeptPixels()
    {
        var x = Tensor.Randn([2, 3, 5, 4], DType.Float64, new Generator(1)).RequiresGrad_();
        GradCheck.Assert(xs => new ZeroPadShortcut(3, 6, 2).Call(xs[0]), [x]);
    }

    [Theory]
    [InlineData(ResNetShortcut.A)]
    [InlineData(ResNetShortcut.B)]
    public void BasicBlockGradientsInTrainingMode(ResNetShortcut shortcut)
    {
        // A strided block that doubles the channels, on an odd-sized map: every parameter and the input are checked
        // (batch statistics included, so the check covers the block's whole composition).
        var gen = new Generator(3);
        Module<Tensor, Tensor> down = shortcut == ResNetShortcut.A
            ? new ZeroPadShortcut(2, 4, 2)
            : new Sequential(new Conv2d(2, 4, 1, stride: 2, bias: false, dtype: DType.Float64, generator: gen), new BatchNorm2d(4, dtype: DType.Float64));
        var block = new BasicBlock(2, 4, 2, down, DType.Float64, gen);
        var x = Tensor.Randn([2, 2, 5, 3], DType.Float64, gen).RequiresGrad_();
        GradCheck.Assert(_ => block.Call(x), [x, .. block.Parameters()]);
    }

    [Fact]
    public void BottleneckGradients()
    {
        var gen = new Generator(4);
        var down = new Sequential(new Conv2d(3, 8, 1, stride: 2, bias: false, dtype: DType.Float64, generator: gen), new BatchNorm2d(8, dtype: DType.Float64));
        var block = new Bottleneck(3, 2, 2, down, DType.Float64, gen);
        var x = Tensor.Randn([2, 3, 4, 5], DType.Float64, gen).RequiresGrad_();
        GradCheck.Assert(_ => block.Call(x), [x, .. block.Parameters()]);
    }

    [Fact]
    public void UNetGradientsWithBilinearUpsampling()
    {
        var gen = new Generator(6);
        var net = new UNet(2, 1, width: 2, depth: 1, upsampling: UNetUpsampling.Bilinear, batchNorm: true, dtype: DType.Float64, generator: gen);
        var x = Tensor.Randn([2, 2, 4, 6], DType.Float64, gen).RequiresGrad_();
        GradCheck.Assert(_ => net.Call(x), [x, .. net.Parameters()]);
    }

    [Fact]
    public void OutputShapes()
    {
        var gen = new Generator(7);
        using var _ = GradMode.NoGrad();
        Assert.Equal([2, 10], new LeNet5(generator: gen).Call(Tensor.Randn([2, 1, 28, 28], DType.Float32, gen)).ShapeToArray());
        var vgg = new VGG(VGGConfig.VGG11, 7, widthDivisor: 16, generator: gen);
        vgg.Eval(); // batch statistics of a 1×1 map from one image are undefined
        Assert.Equal([1, 7], vgg.Call(Tensor.Randn([1, 3, 32, 32], DType.Float32, gen)).ShapeToArray());
        Assert.Equal([3, 10], ResNet.Cifar(1, generator: gen).Call(Tensor.Randn([3, 3, 32, 32], DType.Float32, gen)).ShapeToArray());
        // ImageNet stem on a non-square 33×50 input: 17×25 → pool 9×13 → 5×7 → 3×4 → 2×2 → pooled.
        Assert.Equal([1, 4], ResNet.ImageNet(ResNetBlock.Bottleneck, [1, 1, 1, 1], 4, baseWidth: 4, generator: gen).Call(Tensor.Randn([1, 3, 33, 50], DType.Float32, gen)).ShapeToArray());
        Assert.Equal([2, 3, 16, 8], new UNet(1, 3, width: 4, depth: 3, generator: gen).Call(Tensor.Randn([2, 1, 16, 8], DType.Float32, gen)).ShapeToArray());
    }

    [Fact]
    public void InputsThatDoNotFitNameModelAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new LeNet5().Call(Tensor.Zeros([2, 1, 32, 32])));
        Assert.Contains("LeNet5", e.Message);
        Assert.Contains("[2, 1, 32, 32]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new VGG(widthDivisor: 16).Call(Tensor.Zeros([1, 3, 64, 64])));
        Assert.Contains("VGG", e.Message);
        Assert.Contains("[1, 3, 64, 64]", e.Message);
        e = Assert.Throws<ArgumentException>(() => ResNet.Cifar(1).Call(Tensor.Zeros([1, 1, 32, 32])));
        Assert.Contains("ResNet", e.Message);
        Assert.Contains("[1, 1, 32, 32]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new UNet(1, 2, width: 2, depth: 3).Call(Tensor.Zeros([1, 1, 16, 12])));
        Assert.Contains("UNet", e.Message);
        Assert.Contains("[1, 1, 16, 12]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ZeroPadShortcut(2, 4, 2).Call(Tensor.Zeros([1, 3, 4, 4])));
        Assert.Contains("ZeroPadShortcut", e.Message);
        Assert.Contains("[1, 3, 4, 4]", e.Message);
    }

    [Fact]
    public void ConstructorArgumentsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeNet5(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VGG(widthDivisor: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VGG((VGGConfig)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResNet.Cifar(0));
        Assert.Throws<ArgumentException>(() => ResNet.ImageNet(ResNetBlock.Basic, [2, 0, 2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UNet(depth: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroPadShortcut(4, 2, 1));
    }

    [Fact]
    public void LeNet5TrainingStepsReduceTheLoss()
    {
        // Ten classes, each a fixed random 28×28 pattern plus noise: learnable from a single batch of 20.
        var gen = new Generator(11);
        var patterns = Tensor.Randn([10, 1, 28, 28], DType.Float32, gen);
        var labels = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => (long)(i % 10)).ToArray(), [20]);
        var x = patterns.IndexSelect(0, labels) + Tensor.Randn([20, 1, 28, 28], DType.Float32, gen) * 0.5;
        var net = new LeNet5(generator: gen);
        var opt = new SGD(net.Parameters(), lr: 0.1, momentum: 0.9);
        var losses = new List<double>();
        for (int step = 0; step < 20; step++)
        {
            opt.ZeroGrad();
            var loss = F.CrossEntropy(net.Call(x), labels);
            loss.Backward();
            opt.Step();
            losses.Add(loss.Item());
        }
        // Initial loss ≈ ln 10 = 2.303 (near-uniform logits from the default initialisation). tanh saturates little at
        // this initialisation, so the first steps are slow: PyTorch's LeNet-5 on the same kind of batch (six seeds)
        // ends these 20 steps at 3–23 % of the initial loss, and at 88–95 % after 15 steps at lr 0.05.
        Assert.InRange(losses[0], 2.2, 2.4);
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss went {string.Join(" → ", losses.Select(l => l.ToString("F3")))}");
    }
}
