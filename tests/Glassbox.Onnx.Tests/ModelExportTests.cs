using Glassbox.Models;
using Glassbox.NN;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>Whole networks — an MLP, a small CNN, LeNet-5, ResNet-20 — exported and run in ONNX Runtime.</summary>
public class ModelExportTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Mlp(int batch)
    {
        var net = new Sequential(new Linear(784, 64, generator: new Generator(30)), new ReLU(), new Linear(64, 32, generator: new Generator(31)),
            new GELU(), new Linear(32, 10, generator: new Generator(32)));
        // K = 784 + 64 + 32: the three layers' sums in a chain.
        AssertMatches(net, Input(33, batch, 784), k: 784 + 64 + 32);
    }

    [Fact]
    public void SmallCnnOnNonSquareImages()
    {
        var net = new Sequential(
            new Conv2d(3, 8, 3, padding: 1, generator: new Generator(40)), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
            new Conv2d(8, 16, 3, stride: 2, generator: new Generator(41)), new BatchNorm2d(16), new ReLU(),
            new AdaptiveAvgPool2d(1), new NN.Flatten(), new Dropout(0.2), new Linear(16, 5, generator: new Generator(42)), new LogSoftmax(1));
        LayerExportTests.RandomizeNorms(net, 43);
        // K = 27 + 72 + (pooled window ≤ 3·5) + 16 + the 5-term log-sum-exp.
        AssertMatches(net, Input(44, 3, 3, 14, 22), k: 27 + 72 + 15 + 16 + 5);
    }

    [Theory]
    [InlineData(LeNet5Activation.Tanh, LeNet5Pooling.Average, 1)]
    [InlineData(LeNet5Activation.ReLU, LeNet5Pooling.Max, 3)]
    public void LeNet5(LeNet5Activation activation, LeNet5Pooling pooling, int batch) =>
        // K = 25 + 150 + 400 + 120 + 84 (the five layers' fan-ins).
        AssertMatches(new LeNet5(10, activation, pooling, generator: new Generator(50)), Input(51, batch, 1, 28, 28), k: 25 + 150 + 400 + 120 + 84);

    [Fact]
    public void ResNet20WithZeroPadShortcuts()
    {
        var net = ResNet.ResNet20(generator: new Generator(60));
        LayerExportTests.RandomizeNorms(net, 61);
        // 19 convolutions (fan-in 27, then 144·6, 288·6, 576·6 per stage) and the 64-wide fc, plus the 64-pixel mean.
        AssertMatches(net, Input(62, 3, 3, 32, 32), k: 27 + 6 * 144 + 6 * 288 + 6 * 576 + 64 + 64);
    }

    [Fact]
    public void ResNetWithProjectionShortcutsOnNonSquareImages()
    {
        var net = ResNet.Cifar(1, numClasses: 4, shortcut: ResNetShortcut.B, generator: new Generator(63));
        LayerExportTests.RandomizeNorms(net, 64);
        AssertMatches(net, Input(65, 2, 3, 12, 20), k: 27 + 2 * 144 + 2 * 288 + 2 * 576 + 144 + 64 + 60);
    }

    [Fact]
    public void BottleneckBlocks()
    {
        var net = ResNet.ImageNet(ResNetBlock.Bottleneck, [1, 1], numClasses: 3, baseWidth: 4, generator: new Generator(66));
        LayerExportTests.RandomizeNorms(net, 67);
        AssertMatches(net, Input(68, 2, 3, 40, 36), k: 147 + 4 + 36 + 4 + 16 + 8 + 72 + 8 + 32 + 32 + 30);
    }

    [Fact]
    public void NormalizationIsFoldedIntoTheGraph() =>
        AssertMatches(new Sequential(new Linear(12, 4, generator: new Generator(70)), new Sigmoid()), Input(71, 3, 12),
            k: 12, options: new OnnxExportOptions { Normalize = (0.1307, 0.3081) });
}
