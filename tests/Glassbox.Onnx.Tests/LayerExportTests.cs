using Glassbox.Autograd;
using Glassbox.NN;
using static Glassbox.Onnx.Tests.OrtRunner;

namespace Glassbox.Onnx.Tests;

/// <summary>
/// Each exported layer, run in ONNX Runtime, against Glassbox's forward on seeded inputs (tolerance: see
/// <see cref="OrtRunner.AssertMatches"/>; K is stated per test as the longest sum behind one output).
/// </summary>
public class LayerExportTests
{
    /// <summary>Gives batch norms non-trivial statistics and affine parameters, so eval mode is really tested.</summary>
    internal static void RandomizeNorms(Module model, ulong seed)
    {
        var gen = new Generator(seed);
        using var noGrad = GradMode.NoGrad();
        foreach (var m in model.Modules())
        {
            if (m is not BatchNorm b) continue;
            int c = b.NumFeatures;
            b.RunningMean!.CopyFrom(Tensor.Randn([c], DType.Float32, gen) * Tensor.Scalar(0.5));
            b.RunningVar!.CopyFrom(Tensor.Rand([c], DType.Float32, gen) + Tensor.Scalar(0.5));
            b.Weight?.CopyFrom(Tensor.Rand([c], DType.Float32, gen) + Tensor.Scalar(0.5));
            b.Bias?.CopyFrom(Tensor.Randn([c], DType.Float32, gen) * Tensor.Scalar(0.2));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void LinearIsGemm(int batch) =>
        AssertMatches(new Linear(20, 7, generator: new Generator(1)), Input(2, batch, 20), k: 20);

    [Fact]
    public void LinearWithoutBias() =>
        AssertMatches(new Linear(20, 7, bias: false, generator: new Generator(1)), Input(2, 3, 20), k: 20);

    [Fact]
    public void LinearOnThreeDimensionalInputIsMatMul() =>
        AssertMatches(new Linear(20, 7, generator: new Generator(3)), Input(4, 3, 5, 20), k: 20);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConvWithGroupsStridePaddingDilationOnNonSquareImages(int batch) =>
        // K = (in/groups)·kh·kw = 2·3·3 = 18.
        AssertMatches(new Conv2d(4, 6, 3, stride: (2, 1), padding: (1, 2), dilation: (2, 1), groups: 2, generator: new Generator(5)),
            Input(6, batch, 4, 9, 13), k: 18);

    [Fact]
    public void ConvSamePaddingWithEvenKernelPadsBottomRight() =>
        // Total padding 3 per axis: 1 before, 2 after. K = 3·4·4 = 48.
        AssertMatches(new Conv2d(3, 5, 4, padding: ConvPadding.Same, bias: false, generator: new Generator(7)), Input(8, 2, 3, 7, 10), k: 48);

    public static TheoryData<string> Activations => ["relu", "tanh", "sigmoid", "gelu", "gelu-tanh", "leaky-relu", "elu", "softmax", "log-softmax"];

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation(string name)
    {
        Module<Tensor, Tensor> act = name switch
        {
            "relu" => new ReLU(),
            "tanh" => new Tanh(),
            "sigmoid" => new Sigmoid(),
            "gelu" => new GELU(),
            "gelu-tanh" => new GELU(GeluApproximate.Tanh),
            "leaky-relu" => new LeakyReLU(0.1),
            "elu" => new ELU(0.7),
            "softmax" => new Softmax(1),
            "log-softmax" => new LogSoftmax(-1),
            _ => throw new ArgumentException(name),
        };
        // Scaled inputs (×3) reach the activations' curved and saturated parts; K = 1: elementwise, but the
        // transcendental functions differ by a few ulp between libraries (c = 16 covers them; Softmax sums 11 terms).
        var x = Input(9, 3, 11) * Tensor.Scalar(3);
        AssertMatches(new Sequential(act), x, k: name.Contains("softmax") ? 11 : 1);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Pools(bool average, bool countIncludePad)
    {
        Module<Tensor, Tensor> pool = average ? new AvgPool2d(3, stride: 2, padding: 1, countIncludePad: countIncludePad) : new MaxPool2d(3, stride: 2, padding: 1);
        AssertMatches(pool, Input(10, 3, 2, 9, 12), k: 9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CeilModeKeepsTheLastPartialWindow(bool average)
    {
        // 7 wide, kernel 2, stride 2: floor mode gives 3 windows, ceil mode 4 — the last covers column 6 alone and
        // (for the average) is divided by the 1 element it holds.
        Module<Tensor, Tensor> pool = average ? new AvgPool2d(2, ceilMode: true, countIncludePad: false) : new MaxPool2d(2, ceilMode: true);
        AssertMatches(pool, Input(25, 2, 3, 5, 7), k: 4);
    }

    [Fact]
    public void MaxPoolWithDilation() => AssertMatches(new MaxPool2d(2, stride: 1, dilation: 2), Input(11, 1, 3, 7, 6), k: 1);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public void AdaptiveAveragePool(int oh, int ow) =>
        // 8×6 input: 1×1 is GlobalAveragePool (K = 48), 2×3 is AveragePool with 4×2 windows (K = 8).
        AssertMatches(new AdaptiveAvgPool2d((oh, ow)), Input(12, 3, 4, 8, 6), k: 48);

    [Fact]
    public void AdaptiveAveragePoolWithUnevenWindowsIsRefused()
    {
        var e = Assert.Throws<UnsupportedModuleException>(() => OnnxExporter.ExportToBytes(new Sequential(new AdaptiveAvgPool2d(3)), [2, 8, 8]));
        Assert.Equal(typeof(AdaptiveAvgPool2d), e.ModuleType);
        Assert.Equal("0", e.ModulePath);
    }

    [Fact]
    public void BatchNorm2dUsesRunningStatistics()
    {
        var bn = new BatchNorm2d(4);
        RandomizeNorms(bn, 13);
        AssertMatches(bn, Input(14, 3, 4, 5, 7), k: 1);
    }

    [Fact]
    public void BatchNorm1dOnFeatureVectors()
    {
        var net = new Sequential(new Linear(10, 6, generator: new Generator(15)), new BatchNorm1d(6), new ReLU());
        RandomizeNorms(net, 16);
        AssertMatches(net, Input(17, 3, 10), k: 10);
    }

    [Fact]
    public void BatchNormWithoutRunningStatisticsIsRefused()
    {
        var e = Assert.Throws<UnsupportedModuleException>(() =>
            OnnxExporter.ExportToBytes(new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2, trackRunningStats: false)), [1, 6, 6]));
        Assert.Equal("1", e.ModulePath);
    }

    [Fact]
    public void LayerNormOverTheLastDimension()
    {
        var ln = new LayerNorm(16);
        using (GradMode.NoGrad())
        {
            ln.Weight!.CopyFrom(Input(18, 16));
            ln.Bias!.CopyFrom(Input(19, 16));
        }
        // K = 16: the mean and variance sum 16 terms.
        AssertMatches(ln, Input(20, 3, 16) * Tensor.Scalar(2) + Tensor.Scalar(1), k: 16);
    }

    [Fact]
    public void LayerNormOverTwoDimensionsWithoutAffine() =>
        AssertMatches(new LayerNorm([4, 5], elementwiseAffine: false), Input(21, 2, 3, 4, 5), k: 20);

    [Theory]
    [InlineData(1, -1)]
    [InlineData(2, 3)]
    [InlineData(1, 2)]
    public void Flatten(int start, int end) =>
        AssertMatches(new Sequential(new NN.Flatten(start, end), new ReLU()), Input(22, 3, 2, 3, 4), k: 1);

    [Fact]
    public void DropoutIsTheIdentityAndTheTrainingModeIsRestored()
    {
        var net = new Sequential(new Linear(8, 8, generator: new Generator(23)), new Dropout(0.5), new Tanh(), new Dropout(0.3));
        Assert.True(net.Training);
        AssertMatches(net, Input(24, 3, 8), k: 8);
        Assert.True(net.Training);
    }
}
