using Glassbox.Autograd;

namespace Glassbox.Tests.Tensors;

/// <summary>Gradient checks for the core ops: arithmetic with broadcasting, views, sum/mean, matmul.</summary>
public class CoreGradTests
{
    private static Tensor R(ulong seed, params int[] shape)
    {
        var g = new Generator(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = g.NextDouble() * 2 - 1;
        return Tensor.FromArray(d, shape).RequiresGrad_();
    }

    private static Tensor Pos(ulong seed, params int[] shape)
    {
        var t = R(seed, shape).Detach();
        return (t.Abs() + 0.5).Detach().RequiresGrad_();
    }

    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { [3, 4], [3, 4] }, { [3, 4], [4] }, { [2, 1, 4], [3, 1] }, { [1], [5] }, { [], [2, 3] }, { [0, 3], [3] }, { [1, 1], [1, 1] }, { [7, 5], [7, 1] },
    };

    [Theory, MemberData(nameof(BroadcastPairs))]
    public void ArithmeticGradientsMatchFiniteDifferences(int[] sa, int[] sb)
    {
        var a = R(1, sa); var b = Pos(2, sb);
        GradCheck.Assert(x => x[0] + x[1], [a, b]);
        GradCheck.Assert(x => x[0] - x[1], [a, b]);
        GradCheck.Assert(x => x[0] * x[1], [a, b]);
        GradCheck.Assert(x => x[0] / x[1], [a, b]);
        GradCheck.Assert(x => x[1].Pow(x[0]), [a, b]);
        GradCheck.Assert(x => x[0].Maximum(x[1]), [a, b]);
        GradCheck.Assert(x => x[0].Minimum(x[1]), [a, b]);
    }

    [Fact]
    public void ScalarOpsAndNegGradients()
    {
        var a = R(3, 2, 3);
        GradCheck.Assert(x => 2.0 * x[0] - 1.5, [a]);
        GradCheck.Assert(x => 1.0 / (x[0] * x[0] + 1.0), [a]);
        GradCheck.Assert(x => -x[0], [a]);
        GradCheck.Assert(x => x[0].Pow(3.0), [a]);
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, 0)]
    [InlineData(new[] { 3, 4 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, -1)]
    [InlineData(new[] { 1, 5 }, 0)]
    public void SumAndMeanGradients(int[] shape, int dim)
    {
        var a = R(4, shape);
        GradCheck.Assert(x => x[0].Sum(), [a]);
        GradCheck.Assert(x => x[0].Sum(dim), [a]);
        GradCheck.Assert(x => x[0].Sum(dim, keepDim: true), [a]);
        GradCheck.Assert(x => x[0].Mean(dim), [a]);
        GradCheck.Assert(x => x[0].Mean(), [a]);
    }

    [Fact]
    public void SumOverNonAdjacentDims()
    {
        var a = R(5, 2, 3, 4);
        var s = a.Sum([0, 2]);
        var expected = new double[3];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) expected[j] += a[i, j, k];
        var got = s.ToArray<double>();
        for (int j = 0; j < 3; j++) Assert.Equal(expected[j], got[j], 12);
        GradCheck.Assert(x => x[0].Sum([0, 2]), [a]);
    }

    [Fact]
    public void ViewGradients()
    {
        var a = R(6, 2, 3, 4);
        GradCheck.Assert(x => x[0].Reshape(6, 4) * 2.0, [a]);
        GradCheck.Assert(x => x[0].Transpose(0, 2).Contiguous(), [a]);
        GradCheck.Assert(x => x[0].Permute(2, 0, 1) * 1.0, [a]);
        GradCheck.Assert(x => x[0].Slice(1, 0, 3, 2) * 1.0, [a]);
        GradCheck.Assert(x => x[0].Select(2, -1) * 1.0, [a]);
        GradCheck.Assert(x => x[0].Narrow(0, 1, 1).Squeeze(0) * 1.0, [a]);
        GradCheck.Assert(x => x[0].Unsqueeze(1).Expand(2, 5, 3, 4) * 1.0, [a]);
        GradCheck.Assert(x => x[0].Flatten(1) * 1.0, [a]);
    }

    public static TheoryData<int[], int[]> MatMulShapes => new()
    {
        { [3, 4], [4, 5] }, { [4], [4] }, { [4], [4, 2] }, { [3, 4], [4] }, { [2, 3, 4], [4, 5] }, { [2, 3, 4], [2, 4, 5] },
        { [2, 1, 3, 4], [3, 4, 2] }, { [1, 1], [1, 1] }, { [0, 3], [3, 2] }, { [3, 0], [0, 2] },
    };

    [Theory, MemberData(nameof(MatMulShapes))]
    public void MatMulGradients(int[] sa, int[] sb)
    {
        GradCheck.Assert(x => x[0].MatMul(x[1]), [R(7, sa), R(8, sb)]);
    }

    [Fact]
    public void MatMulOfTransposedOperandsUsesNoCopyAndIsCorrect()
    {
        var a = R(9, 4, 3); var b = R(10, 5, 4);
        var c = a.T.MatMul(b.T); // 3×4 · 4×5
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
            {
                double acc = 0;
                for (int p = 0; p < 4; p++) acc += a[p, i] * b[j, p];
                Assert.Equal(acc, c[i, j], 12);
            }
        GradCheck.Assert(x => x[0].T.MatMul(x[1].T), [a, b]);
    }

    [Fact]
    public void ReusedTensorAccumulatesBothPaths()
    {
        var x = Tensor.FromArray([3.0]).RequiresGrad_();
        var y = x * x + x; // dy/dx = 2x + 1 = 7
        y.Sum().Backward();
        Assert.Equal(7.0, x.Grad!.Item(), 12);
        (x * 2.0).Sum().Backward(); // accumulates
        Assert.Equal(9.0, x.Grad!.Item(), 12);
    }

    [Fact]
    public void BackwardTwiceThroughFreedGraphThrows()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = (x.Exp() * x).Sum();
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void RetainGraphAllowsSecondBackward()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 4.0, 8.0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceWriteToSavedTensorIsDetected()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = x.Exp();          // saves y
        var z = (y * 2.0).Sum();
        using (GradMode.NoGrad()) y.MulInPlace(3.0);
        var e = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("modified by an in-place operation", e.Message);
        Assert.Contains("exp", e.Message);
    }

    [Fact]
    public void InPlaceOnLeafRequiringGradThrowsOutsideNoGrad()
    {
        var w = Tensor.FromArray([1.0]).RequiresGrad_();
        Assert.Throws<InvalidOperationException>(() => w.AddInPlace(Tensor.FromArray([1.0])));
        using (GradMode.NoGrad()) w.AddInPlace(Tensor.FromArray([1.0]));
        Assert.Equal(2.0, w.Item());
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        var x = Tensor.FromArray([1.0]).RequiresGrad_();
        using (GradMode.NoGrad())
        {
            var y = x * 2.0;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }
        Assert.True((x * 2.0).RequiresGrad);
    }

    [Fact]
    public void NonScalarBackwardNeedsExplicitGradient()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequiresGrad_();
        var y = x * 3.0;
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        y.Backward(Tensor.FromArray([1.0, 10.0]));
        Assert.Equal(new[] { 3.0, 30.0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void AnomalyModeNamesTheOpThatProducedNaN()
    {
        var x = Tensor.FromArray([-1.0, 1.0]).RequiresGrad_();
        using (Anomaly.Detect())
        {
            var e = Assert.Throws<AnomalyException>(() => x.Log());
            Assert.Contains("log", e.Message);
        }
        Assert.True(double.IsNaN(x.Log().ToArray<double>()[0])); // off again: no throw
    }

    [Fact]
    public void AnomalyModeCatchesNaNInBackward()
    {
        var x = Tensor.FromArray([0.0, 1.0]).RequiresGrad_();
        var y = x.Sqrt().Sum(); // forward finite (0, 1); backward 1/(2·0) = inf
        using (Anomaly.Detect())
        {
            var e = Assert.Throws<AnomalyException>(() => y.Backward());
            Assert.Contains("sqrt", e.Message);
        }
    }

    [Fact]
    public void ShapeMismatchNamesOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
        var m = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Contains("matmul", m.Message);
    }

    [Fact]
    public void ViewsShareStorageAndReshapeOfNonContiguousCopies()
    {
        var a = Tensor.Arange(0, 6, 1, DType.Float32).Reshape(2, 3);
        var t = a.T;
        Assert.False(t.IsContiguous);
        Assert.Same(a.Storage, t.Storage);
        Assert.Throws<InvalidOperationException>(() => t.View(6));
        var r = t.Reshape(6);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, r.ToArray<float>());
        Assert.NotSame(a.Storage, r.Storage);
        Assert.Same(a.Storage, a.Reshape(3, 2).Storage);
    }

    [Fact]
    public void IntegerDivisionFloorsLikePython()
    {
        var a = Tensor.FromArray(new long[] { 7, -7, 7, -7 });
        var b = Tensor.FromArray(new long[] { 2, 2, -2, -2 });
        Assert.Equal(new long[] { 3, -4, -4, 3 }, (a / b).ToArray<long>());
    }

    [Fact]
    public void ToStringShowsShapeDtypeAndAbbreviatedValues()
    {
        var s = Tensor.Arange(0, 10, 1, DType.Float32).ToString();
        Assert.Equal("tensor([0.0000, 1.0000, 2.0000, ..., 7.0000, 8.0000, 9.0000], shape=[10], dtype=float32)", s);
    }
}
