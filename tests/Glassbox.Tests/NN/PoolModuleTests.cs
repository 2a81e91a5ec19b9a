using Glassbox.NN;

namespace Glassbox.Tests.NN;

/// <summary>
/// Pooling modules (PyTorch names, defaults and reprs, typed forwards) and the error paths of the functional ops:
/// every error names the op and the offending shape.
/// </summary>
public class PoolModuleTests
{
    private static Tensor Ramp(params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (i * 37 % 101) * 0.25;   // distinct values (37 and 101 coprime) in scrambled order
        return Tensor.FromArray(v, shape);
    }

    [Fact]
    public void ReprsMatchPyTorch()
    {
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)", new MaxPool2d(3, 2, 1, ceilMode: true).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(2, 3), stride=(1, 2), padding=0, dilation=1, ceil_mode=False)", new MaxPool2d((2, 3), (1, 2)).ToString());
        Assert.Equal("MaxPool2dWithIndices(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2dWithIndices(2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=1, padding=1)", new AvgPool2d(3, 1, 1).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=(2, 3))", new AdaptiveAvgPool2d((2, 3)).ToString());
        Assert.Equal("AdaptiveMaxPool2d(output_size=4)", new AdaptiveMaxPool2d(4).ToString());
        Assert.Equal("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))", new MaxUnpool2d(2).ToString());
        Assert.Equal("MaxPool1d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)", new MaxPool1d(3, 2, 1).ToString());
        Assert.Equal("AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))", new AvgPool1d(3).ToString());
        Assert.Equal("AdaptiveAvgPool1d(output_size=5)", new AdaptiveAvgPool1d(5).ToString());
    }

    [Fact]
    public void DefaultsFollowPyTorch()
    {
        var m = new MaxPool2d(3);
        Assert.Equal(new Size2d(3, 3), m.Stride);
        Assert.Equal(new Size2d(0, 0), m.Padding);
        Assert.Equal(new Size2d(1, 1), m.Dilation);
        var a = new AvgPool2d((2, 4));
        Assert.Equal(new Size2d(2, 4), a.Stride);
        Assert.True(a.CountIncludePad);
        Assert.Null(a.DivisorOverride);
        Assert.Empty(m.Parameters());
    }

    [Fact]
    public void ModulesComputeTheirFunctionalOp()
    {
        var x = Ramp(2, 3, 7, 9);
        Assert.Equal(F.MaxPool2d(x, 3, 2, 1).ToArray<double>(), new MaxPool2d(3, 2, 1).Forward(x).ToArray<double>());
        Assert.Equal(F.AvgPool2d(x, 2).ToArray<double>(), new AvgPool2d(2).Forward(x).ToArray<double>());
        Assert.Equal([2, 3, 1, 1], new AdaptiveAvgPool2d(1).Forward(x).ShapeToArray());
        Assert.Equal([2, 3, 3, 4], new MaxPool2d(2).Forward(x).ShapeToArray());
        Assert.Equal([3, 3, 4], new MaxPool2d(2).Forward(Ramp(3, 7, 9)).ShapeToArray());
    }

    [Fact]
    public void GlobalAveragePoolIsTheMean()
    {
        var x = Ramp(2, 3, 5, 7);
        var y = F.AdaptiveAvgPool2d(x, 1);
        var mean = x.Reshape(2, 3, 35).Mean(-1);
        var (a, b) = (y.ToArray<double>(), mean.ToArray<double>());
        // 35-term sums of values ≤ 25: the orders differ by at most 35·1.1e-16·875 ≈ 3.4e-12.
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-11);
    }

    [Fact]
    public void UnpoolUndoesPoolAtTheMaxima()
    {
        var x = Ramp(1, 2, 6, 8);
        var (y, idx) = new MaxPool2dWithIndices(2).Forward(x);
        var back = new MaxUnpool2d(2).Forward(y, idx);
        Assert.Equal(x.ShapeToArray(), back.ShapeToArray());
        // Every pooled value sits at its argmax and everything else is zero, so pooling again gives y back.
        Assert.Equal(y.ToArray<double>(), F.MaxPool2d(back, 2).ToArray<double>());
        Assert.Equal(y.Numel, back.ToArray<double>().Count(v => v != 0));
        var sized = new MaxUnpool2d(2).Forward(F.MaxPool2d(Ramp(1, 1, 7, 9), 2), F.MaxPool2dWithIndices(Ramp(1, 1, 7, 9), 2).Indices, (7, 9));
        Assert.Equal([1, 1, 7, 9], sized.ShapeToArray());
    }

    [Fact]
    public void EmptyBatchGivesEmptyOutputAndGradient()
    {
        var x = Tensor.Zeros([0, 3, 5, 6], DType.Float64).RequiresGrad_();
        var y = F.MaxPool2d(x, 2) + F.AvgPool2d(x, 2) + F.AdaptiveAvgPool2d(x, (2, 3)) + F.Interpolate(x, [2, 3], mode: InterpolationMode.Bilinear);
        Assert.Equal([0, 3, 2, 3], y.ShapeToArray());
        y.Sum().Backward();
        Assert.Equal([0, 3, 5, 6], x.Grad!.ShapeToArray());
    }

    [Fact]
    public void WindowInsideThePaddingOnlyGivesMinusInfinityAndNoGradient()
    {
        // 1×1 input, kernel 2, padding 1, dilation 2: the taps sit at −1 and 1, both outside. PyTorch 1.13 gives −∞ and
        // index 2 (its first row and column at or after 0, flattened), which lies outside the plane.
        var x = Tensor.FromArray(new double[] { 3.5 }, [1, 1, 1, 1]).RequiresGrad_();
        var (y, idx) = F.MaxPool2dWithIndices(x, 2, 1, 1, 2);
        Assert.Equal(double.NegativeInfinity, y.ToArray<double>()[0]);
        Assert.Equal(2L, idx.ToArray<long>()[0]);
        y.Sum().Backward();
        Assert.Equal(0.0, x.Grad!.ToArray<double>()[0]);
    }

    private static void Throws(Action a, params string[] parts)
    {
        var e = Assert.Throws<ArgumentException>(a);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Fact]
    public void ErrorsNameTheOpAndShape()
    {
        Throws(() => F.MaxPool2d(Ramp(4, 5), 2), "max_pool2d", "[4, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 1, 5, 5), 3, padding: 2), "max_pool2d", "padding (2, 2)", "[1, 1, 5, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 1, 2, 5), 3), "max_pool2d", "output size (0, 1)", "[1, 1, 2, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 1, 5, 5), 0), "max_pool2d", "kernel size", "[1, 1, 5, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 1, 5, 5), 2, stride: 0), "max_pool2d", "stride", "[1, 1, 5, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 1, 5, 5), 2, dilation: 0), "max_pool2d", "dilation", "[1, 1, 5, 5]");
        Throws(() => F.MaxPool2d(Ramp(1, 0, 5, 5), 2), "max_pool2d", "[1, 0, 5, 5]");
        Throws(() => F.AvgPool2d(Ramp(2, 3, 4, 4, 4), 2), "avg_pool2d", "[2, 3, 4, 4, 4]");
        Throws(() => F.AvgPool2d(Ramp(1, 1, 4, 4), 2, divisorOverride: 0), "avg_pool2d", "divisorOverride", "[1, 1, 4, 4]");
        Throws(() => F.AvgPool2d(Ramp(1, 1, 4, 4), (2, 4), padding: (1, 3)), "avg_pool2d", "padding (1, 3)", "[1, 1, 4, 4]");
        Throws(() => F.AdaptiveAvgPool2d(Ramp(1, 1, 4, 4), (0, 2)), "adaptive_avg_pool2d", "(0, 2)", "[1, 1, 4, 4]");
        Throws(() => F.AdaptiveMaxPool2d(Ramp(4, 4), 2), "adaptive_max_pool2d", "[4, 4]");
        Throws(() => F.MaxPool1d(Ramp(2, 3, 4, 5), 2), "max_pool1d", "[2, 3, 4, 5]");
        Throws(() => F.AvgPool1d(Ramp(2, 3, 4), 3, padding: 2), "avg_pool1d", "[2, 3, 1, 4]");
        // A dtype error is an InvalidOperationException, as for every other Glassbox op (Tensor.RequireFloat).
        Assert.Contains("max_pool2d", Assert.Throws<InvalidOperationException>(() => F.MaxPool2d(Tensor.FromArray(new long[] { 1, 2, 3, 4 }, [1, 1, 2, 2]), 2)).Message);
        Throws(() => new AvgPool2d(2, divisorOverride: 0), "AvgPool2d", "divisorOverride");
    }

    [Fact]
    public void UnpoolErrorsNameTheOpAndShape()
    {
        var (y, idx) = F.MaxPool2dWithIndices(Ramp(1, 2, 4, 6), 2);
        Throws(() => F.MaxUnpool2d(y, idx.To(DType.Float64), 2), "max_unpool2d", "int64");
        Throws(() => F.MaxUnpool2d(y, idx.Reshape(1, 2, 3, 2), 2), "max_unpool2d", "[1, 2, 3, 2]", "[1, 2, 2, 3]");
        Throws(() => F.MaxUnpool2d(y, idx, 2, outputSize: (2, 2)), "max_unpool2d", "outside the output plane", "[1, 2, 2, 3]");
        var bad = Tensor.FromArray(new long[] { 0, 1, 2, 3, 4, -1, 0, 1, 2, 3, 4, 5 }, [1, 2, 2, 3]);
        Throws(() => F.MaxUnpool2d(y, bad, 2), "max_unpool2d", "index -1", "[1, 2, 2, 3]");
        Throws(() => F.MaxUnpool2d(y, idx, 2, outputSize: (0, 6)), "max_unpool2d", "(0, 6)", "[1, 2, 2, 3]");
        Throws(() => F.MaxUnpool2d(y, idx, 2, stride: 0), "max_unpool2d", "stride (0, 0)", "[1, 2, 2, 3]");
        Throws(() => F.MaxUnpool2d(y, idx, 2, padding: -1), "max_unpool2d", "padding (-1, -1)", "[1, 2, 2, 3]");
    }
}
