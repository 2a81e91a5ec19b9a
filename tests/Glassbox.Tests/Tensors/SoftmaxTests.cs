using Glassbox.Autograd;
using Glassbox.Kernels;
using static Glassbox.Tests.Tensors.OpTestUtil;

namespace Glassbox.Tests.Tensors;

/// <summary>Softmax, log-softmax and log-sum-exp: values, stability, gradients, and the kernel sweep.</summary>
public class SoftmaxTests
{
    public static TheoryData<int[], int> ShapeDims => new()
    {
        { new int[0], 0 }, { new[] { 1 }, 0 }, { new[] { 7 }, 0 }, { new[] { 3, 5 }, 0 }, { new[] { 3, 5 }, 1 },
        { new[] { 2, 3, 4 }, 0 }, { new[] { 2, 3, 4 }, 1 }, { new[] { 2, 3, 4 }, 2 }, { new[] { 2, 3, 4 }, -1 }, { new[] { 0, 3 }, 1 },
    };

    [Fact]
    public void ValuesMatchTheDefinition()
    {
        // 12 decimal places: a few ulp of values up to ~5 (xunit rounds both sides before comparing, so 14 can flip).
        var x = Tensor.From(new double[,] { { 1, 2, 4 }, { 3, -1, 0.5 } });
        var s = x.Softmax(1).ToDoubleArray();
        var ls = x.LogSoftmax(1).ToDoubleArray();
        var lse = x.LogSumExp(1).ToDoubleArray();
        for (int r = 0; r < 2; r++)
        {
            double z = 0; for (int c = 0; c < 3; c++) z += Math.Exp(x[r, c]);
            Assert.Equal(Math.Log(z), lse[r], 12);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Math.Exp(x[r, c]) / z, s[r * 3 + c], 15);
                Assert.Equal(x[r, c] - Math.Log(z), ls[r * 3 + c], 12);
            }
        }
        // over dim 0 (inner > 1 path): column 0 is softmax([1, 3])
        var s0 = x.Softmax(0);
        Assert.Equal(1 / (1 + Math.Exp(2)), s0[0, 0], 15);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(3)), x.LogSumExp(0)[0], 12);
        Assert.Equal(Math.Log(new[] { 1, 2, 4, 3, -1, 0.5 }.Sum(Math.Exp)), x.LogSumExp([0, 1]).Item(), 12);
        Assert.Equal(new[] { 1, 3 }, x.LogSumExp(0, keepDim: true).ShapeToArray());
    }

    [Fact]
    public void RowsSumToOneAndHugeInputsStayFinite()
    {
        var x = Uniform(61, -30, 30, 6, 11).Detach();
        foreach (var dim in new[] { 0, 1 })
        {
            var s = x.Softmax(dim).Sum(dim).ToDoubleArray();
            foreach (var v in s) Assert.Equal(1.0, v, 12);
        }
        var big = Tensor.FromArray([1000.0, 1001.0]);
        var ls = big.LogSoftmax(0).ToDoubleArray();
        // log-softmax([1000, 1001]) = [−1 − ln(1 + e⁻¹), −ln(1 + e⁻¹)] = [−1.3133, −0.3133]
        Assert.Equal(-1 - Math.Log(1 + Math.Exp(-1)), ls[0], 13);
        Assert.Equal(-Math.Log(1 + Math.Exp(-1)), ls[1], 13);
        Assert.Equal(1001 + Math.Log(1 + Math.Exp(-1)), big.LogSumExp(0).Item(), 12);
        var bigF = Tensor.FromArray([1000f, 1001f]);
        Assert.All(bigF.LogSoftmax(0).ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        Assert.All(bigF.Softmax(0).ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        Assert.All(Tensor.FromArray([-1000.0, -1001.0]).LogSoftmax(0).ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void LogSumExpInfinitiesAndEmpty()
    {
        // torch: logsumexp([−∞, −∞]) = −∞; logsumexp([∞, 1]) = ∞; over an empty dim = −∞.
        Assert.Equal(double.NegativeInfinity, Tensor.FromArray([double.NegativeInfinity, double.NegativeInfinity]).LogSumExp(0).Item());
        Assert.Equal(double.PositiveInfinity, Tensor.FromArray([double.PositiveInfinity, 1.0]).LogSumExp(0).Item());
        Assert.Equal(1.5, Tensor.FromArray([double.NegativeInfinity, 1.5]).LogSumExp(0).Item(), 15);
        var e = Tensor.Zeros([2, 0], DType.Float64).LogSumExp(1).ToDoubleArray();
        Assert.Equal(new[] { double.NegativeInfinity, double.NegativeInfinity }, e);
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void Gradients(int[] shape, int dim)
    {
        var a = Uniform(62, -3, 3, shape);
        var w = Uniform(63, -1, 1, shape).Detach(); // a random weighting so the loss is not the shift-invariant Σ softmax
        GradCheck.Assert(x => x[0].Softmax(dim), [a]);
        GradCheck.Assert(x => x[0].LogSoftmax(dim), [a]);
        GradCheck.Assert(x => (x[0].Softmax(dim) * w).Sum(), [a]);
        GradCheck.Assert(x => x[0].LogSumExp(dim), [a]);
        GradCheck.Assert(x => x[0].LogSumExp(dim, keepDim: true), [a]);
        if (shape.Length == 3) GradCheck.Assert(x => x[0].LogSumExp([0, 2]), [a]);
        GradCheck.Assert(x => x[0].Transpose(0, -1).Softmax(dim), [a]); // non-contiguous input
    }

    [Fact]
    public void Float32ForwardMatchesFloat64()
    {
        var (f, d) = FloatPair(Uniform(64, -8, 8, 5, 13));
        // 1e-6 relative: float exp is within a few ulp; the 1e-7 absolute floor covers log-softmax entries near 0
        // where x − lse cancels (an absolute error of a few float ulp of |lse| ≈ 8).
        foreach (var dim in new[] { 0, 1 })
        {
            Close(d.Softmax(dim).ToDoubleArray(), f.Softmax(dim).ToDoubleArray(), 1e-6, 1e-7);
            Close(d.LogSoftmax(dim).ToDoubleArray(), f.LogSoftmax(dim).ToDoubleArray(), 1e-6, 1e-6);
            Close(d.LogSumExp(dim).ToDoubleArray(), f.LogSumExp(dim).ToDoubleArray(), 1e-6);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void KernelSweepMatchesReference(int inner)
    {
        // Row lengths around the vector widths (4, 8, 16 floats) and their non-multiples.
        foreach (int n in new[] { 0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 100 })
        {
            const int outer = 3;
            var g = new Generator((ulong)(1000 + n));
            var x = new float[outer * n * inner];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(g.NextDouble() * 20 - 10);
            foreach (var log in new[] { false, true })
            {
                var y = new float[x.Length]; var r = new float[x.Length];
                if (log) SoftmaxKernels.LogSoftmax<float>(y, x, outer, n, inner); else SoftmaxKernels.Softmax<float>(y, x, outer, n, inner);
                SoftmaxKernels.Reference<float>(r, x, outer, n, inner, log);
                // 1e-6 relative (+1e-7 absolute for log values near 0): the reference works in double and rounds once.
                Close(Array.ConvertAll(r, v => (double)v), Array.ConvertAll(y, v => (double)v), 1e-6, 1e-6);
            }
            // Backward kernels against the explicit Jacobian-vector products, in double.
            var xd = Array.ConvertAll(x, v => (double)v);
            var gd = new double[xd.Length];
            for (int i = 0; i < gd.Length; i++) gd[i] = g.NextDouble() - 0.5;
            var s = new double[xd.Length]; SoftmaxKernels.Softmax<double>(s, xd, outer, n, inner);
            var ls = new double[xd.Length]; SoftmaxKernels.LogSoftmax<double>(ls, xd, outer, n, inner);
            var dx = new double[xd.Length]; SoftmaxKernels.SoftmaxBackward<double>(dx, s, gd, outer, n, inner);
            var dl = new double[xd.Length]; SoftmaxKernels.LogSoftmaxBackward<double>(dl, ls, gd, outer, n, inner);
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int at(int k) => (o * n + k) * inner + i;
                    double dot = 0, sg = 0;
                    for (int k = 0; k < n; k++) { dot += gd[at(k)] * s[at(k)]; sg += gd[at(k)]; }
                    for (int k = 0; k < n; k++)
                    {
                        Assert.Equal(s[at(k)] * (gd[at(k)] - dot), dx[at(k)], 13);
                        Assert.Equal(gd[at(k)] - Math.Exp(ls[at(k)]) * sg, dl[at(k)], 13);
                    }
                }
        }
    }

    [Fact]
    public void ParallelPathMatchesReference()
    {
        // 600 rows × 100 > SoftmaxGrain·2 elements: the rows are split across threads.
        var x = Uniform(65, -5, 5, 600, 100).Detach();
        var y = x.Softmax(1).ToDoubleArray();
        var r = new double[y.Length];
        SoftmaxKernels.Reference<double>(r, x.ToDoubleArray(), 600, 100, 1, log: false);
        Close(r, y, 1e-13, 1e-16);
    }
}
