using Glassbox.Autograd;
using Glassbox.Kernels;

namespace Glassbox.Tests.Tensors;

/// <summary>Hand-fused ops against the composition of primitives they replace.</summary>
public class FusedOpsTests
{
    public static TheoryData<int[], bool> LinearCases => new()
    {
        { [5, 7], true }, { [5, 7], false }, { [2, 3, 7], true }, { [1, 7], true }, { [0, 7], true }, { [7], true },
    };

    [Theory, MemberData(nameof(LinearCases))]
    public void LinearEqualsMatMulPlusBias(int[] xShape, bool withBias)
    {
        var g = new Generator(3);
        var x = Tensor.Randn(xShape, DType.Float64, g).RequiresGrad_();
        var w = Tensor.Randn([4, 7], DType.Float64, g).RequiresGrad_();
        var b = withBias ? Tensor.Randn([4], DType.Float64, g).RequiresGrad_() : null;
        var fused = Tensor.Linear(x, w, b);
        var composed = b is null ? x.MatMul(w.T) : x.MatMul(w.T) + b;
        Assert.Equal(composed.ShapeToArray(), fused.ShapeToArray());
        var up = Tensor.Randn(fused.ShapeToArray(), DType.Float64, g);
        (fused * up).Sum().Backward();
        var (gx, gw, gb) = (x.Grad!.ToDoubleArray(), w.Grad!.ToDoubleArray(), b?.Grad?.ToDoubleArray());
        x.Grad = null; w.Grad = null; if (b is not null) b.Grad = null;
        (composed * up).Sum().Backward();
        AssertClose(composed.ToDoubleArray(), fused.ToDoubleArray());
        AssertClose(x.Grad!.ToDoubleArray(), gx);
        AssertClose(w.Grad!.ToDoubleArray(), gw);
        if (b is not null) AssertClose(b.Grad!.ToDoubleArray(), gb!);
        Tensor[] inputs = b is null ? [x, w] : [x, w, b];
        GradCheck.Assert(t => Tensor.Linear(t[0], t[1], t.Length > 2 ? t[2] : null), inputs);
    }

    [Fact]
    public void LinearFloat32MatchesFloat64()
    {
        var g = new Generator(4);
        var x = Tensor.Randn([33, 17], DType.Float64, g); var w = Tensor.Randn([9, 17], DType.Float64, g); var b = Tensor.Randn([9], DType.Float64, g);
        var y64 = Tensor.Linear(x, w, b).ToDoubleArray();
        var y32 = Tensor.Linear(x.Float(), w.Float(), b.Float()).ToDoubleArray();
        // float32 rounding of inputs and a 17-term sum: relative error ~1e-6 of the row scale
        for (int i = 0; i < y64.Length; i++) Assert.True(Math.Abs(y64[i] - y32[i]) < 1e-5 * (1 + Math.Abs(y64[i])));
    }

    [Fact]
    public void LinearShapeErrorNamesTheOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 5), Tensor.Zeros(3, 4)));
        Assert.Contains("linear", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(7)] [InlineData(8)] [InlineData(9)] [InlineData(16)] [InlineData(17)] [InlineData(100)]
    public void ReluBackwardKernelMatchesReference(int n)
    {
        var g = new Generator((ulong)n + 1);
        var y = Tensor.Randn([n], DType.Float32, g).Relu().ToArray<float>();
        var up = Tensor.Randn([n], DType.Float32, g).ToArray<float>();
        var fast = new float[n]; var slow = new float[n];
        ReluKernels.Backward<float>(fast, up, y);
        ReluKernels.BackwardReference<float>(slow, up, y);
        Assert.Equal(slow, fast);
        var yd = Array.ConvertAll(y, v => (double)v); var ud = Array.ConvertAll(up, v => (double)v);
        var fd = new double[n]; var sd = new double[n];
        ReluKernels.Backward<double>(fd, ud, yd);
        ReluKernels.BackwardReference<double>(sd, ud, yd);
        Assert.Equal(sd, fd);
    }

    // Both sides compute the same products in float64, summed in different orders (GEMM blocking vs the
    // composed path): differences are a few ulps of the magnitude.
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"index {i}: {expected[i]} vs {actual[i]}");
    }
}
