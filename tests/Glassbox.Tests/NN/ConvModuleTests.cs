using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// The convolution layers' state (PyTorch's parameter names and shapes) and default initialisation
/// (<c>_ConvNd.reset_parameters</c>: weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in = weight.shape[1]·Πk).
/// </summary>
public class ConvModuleTests
{
    /// <summary>
    /// Every value lies in [−b, b], b = 1/√fan_in, and the sample standard deviation is near b/√3. For n uniform
    /// samples the sample variance has relative standard deviation √(Var X²)/E[X²]/√n = √(4/45)/(1/3)/√n ≈ 0.894/√n,
    /// so the sample std's is ≈ 0.447/√n; five of those is the allowed relative gap (a false failure has odds < 10⁻⁶).
    /// </summary>
    private static void AssertUniform(Tensor t, int fanIn, string what)
    {
        double b = 1 / Math.Sqrt(fanIn);
        var v = t.ToDoubleArray();
        Assert.All(v, x => Assert.InRange(x, -b, b));
        double mean = v.Average(), std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double expected = b / Math.Sqrt(3), rel = 5 * 0.447 / Math.Sqrt(v.Length);
        Assert.True(Math.Abs(std / expected - 1) <= rel, $"{what}: sample std {std:G4}, expected {expected:G4} ± {rel:P1}");
    }

    [Fact]
    public void Conv2dStateAndInit()
    {
        var m = new Conv2d(16, 32, 3, generator: new Generator(1));
        var state = m.StateDict();
        Assert.Equal(["bias", "weight"], state.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal([32, 16, 3, 3], m.Weight.ShapeToArray());
        Assert.Equal([32], m.Bias!.ShapeToArray());
        Assert.Equal(DType.Float32, m.Weight.DType);
        AssertUniform(m.Weight, 16 * 9, "Conv2d weight");
        Assert.All(m.Bias.ToDoubleArray(), x => Assert.InRange(x, -1 / 12.0, 1 / 12.0));
    }

    [Fact]
    public void Conv2dGroupsNoBias()
    {
        var m = new Conv2d(12, 24, (5, 3), groups: 4, bias: false, dtype: DType.Float64, generator: new Generator(2));
        Assert.Equal(["weight"], m.StateDict().Keys);
        Assert.Null(m.Bias);
        Assert.Equal([24, 3, 5, 3], m.Weight.ShapeToArray());
        Assert.Equal(DType.Float64, m.Weight.DType);
        AssertUniform(m.Weight, 3 * 15, "grouped Conv2d weight");
    }

    [Fact]
    public void Conv1dStateAndInit()
    {
        var m = new Conv1d(40, 64, 5, generator: new Generator(3));
        Assert.Equal([64, 40, 5], m.Weight.ShapeToArray());
        Assert.Equal([64], m.Bias!.ShapeToArray());
        AssertUniform(m.Weight, 200, "Conv1d weight");
        Assert.All(m.Bias.ToDoubleArray(), x => Assert.InRange(x, -1 / Math.Sqrt(200), 1 / Math.Sqrt(200)));
    }

    [Fact]
    public void ConvTranspose2dUsesStoredWeightsFanIn()
    {
        // Weight [in, out/groups, kH, kW] = [32, 8, 3, 3]: PyTorch's fan_in is 8·9 = 72, not in·9.
        var m = new ConvTranspose2d(32, 16, 3, groups: 2, generator: new Generator(4));
        Assert.Equal([32, 8, 3, 3], m.Weight.ShapeToArray());
        Assert.Equal([16], m.Bias!.ShapeToArray());
        AssertUniform(m.Weight, 72, "ConvTranspose2d weight");
        Assert.All(m.Bias.ToDoubleArray(), x => Assert.InRange(x, -1 / Math.Sqrt(72), 1 / Math.Sqrt(72)));
    }

    [Fact]
    public void OutputShapes()
    {
        // ResNet stem / downsampling shapes and a U-Net style upsampler.
        Assert.Equal([2, 16, 32, 32], new Conv2d(3, 16, 3, padding: 1).Forward(Tensor.Zeros([2, 3, 32, 32])).ShapeToArray());
        Assert.Equal([2, 32, 16, 16], new Conv2d(16, 32, 3, stride: 2, padding: 1).Forward(Tensor.Zeros([2, 16, 32, 32])).ShapeToArray());
        Assert.Equal([6, 24, 24], new Conv2d(1, 6, 5).Forward(Tensor.Zeros([1, 28, 28])).ShapeToArray());
        Assert.Equal([2, 8, 16, 16], new ConvTranspose2d(16, 8, 3, stride: 2, padding: 1, outputPadding: 1).Forward(Tensor.Zeros([2, 16, 8, 8])).ShapeToArray());
        Assert.Equal([3, 4, 20], new Conv1d(2, 4, 5, padding: ConvPadding.Same, paddingMode: PaddingMode.Circular).Forward(Tensor.Zeros([3, 2, 20])).ShapeToArray());
    }

    [Fact]
    public void ConstructorChecks()
    {
        Assert.Contains("Conv2d", Assert.Throws<ArgumentException>(() => new Conv2d(6, 4, 3, groups: 4)).Message);
        Assert.Contains("Conv2d", Assert.Throws<ArgumentException>(() => new Conv2d(4, 6, 3, stride: 2, padding: ConvPadding.Same)).Message);
        Assert.Contains("Conv1d", Assert.ThrowsAny<ArgumentException>(() => new Conv1d(4, 6, 0)).Message);
        Assert.Contains("ConvTranspose2d", Assert.Throws<ArgumentException>(() => new ConvTranspose2d(4, 6, 3, stride: 2, outputPadding: 2)).Message);
        Assert.Contains("ConvTranspose2d", Assert.Throws<ArgumentException>(() => new ConvTranspose2d(4, 6, 3, paddingMode: PaddingMode.Reflect)).Message);
    }

    [Fact]
    public void UnfoldFoldLayers()
    {
        // Reprs as PyTorch 1.13 prints nn.Unfold(2), nn.Unfold((2, 3), dilation=(1, 2), padding=1, stride=2), nn.Fold((4, 5), 2).
        Assert.Equal("Unfold(kernel_size=2, dilation=1, padding=0, stride=1)", new Unfold(2).ToString());
        Assert.Equal("Unfold(kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=2)", new Unfold((2, 3), (1, 2), 1, 2).ToString());
        Assert.Equal("Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)", new Fold((4, 5), 2).ToString());
        // Non-overlapping blocks (stride = kernel): fold inverts unfold exactly.
        var x = Tensor.Randn([2, 3, 4, 6], DType.Float64, new Generator(9));
        var cols = new Unfold(2, stride: 2).Forward(x);
        Assert.Equal([2, 12, 6], cols.ShapeToArray());
        Assert.Equal(x.ToDoubleArray(), new Fold((4, 6), 2, stride: 2).Forward(cols).ToDoubleArray());
    }
}
