using Glassbox.Autograd;
using static Glassbox.Tests.Tensors.OpTestUtil;

namespace Glassbox.Tests.Tensors;

/// <summary>Var/Std, Prod, Max/Min (+indices), ArgMax/ArgMin, CumSum, Norm: values, gradients, edge cases.</summary>
public class ReductionOpsTests
{
    // [[1, 2, 4], [3, −1, 0.5]]: small enough to check by hand.
    private static Tensor M() => Tensor.From(new double[,] { { 1, 2, 4 }, { 3, -1, 0.5 } });

    public static TheoryData<int[], int> ShapeDims => new()
    {
        { new[] { 1 }, 0 }, { new[] { 7 }, 0 }, { new[] { 3, 5 }, 0 }, { new[] { 3, 5 }, 1 },
        { new[] { 2, 3, 4 }, 0 }, { new[] { 2, 3, 4 }, 1 }, { new[] { 2, 3, 4 }, 2 }, { new[] { 2, 3, 4 }, -1 },
    };

    [Fact]
    public void VarianceAndStdValues()
    {
        var m = M();
        // all six: mean 1.5833…, Σ(x − x̄)² = 16.2083…; /5 (Bessel) = 3.24166…
        double[] v = [1, 2, 4, 3, -1, 0.5];
        double mean = v.Average(), ss = v.Sum(t => (t - mean) * (t - mean));
        Assert.Equal(ss / 5, m.Var().Item(), 14);
        Assert.Equal(ss / 6, m.Var(correction: 0).Item(), 14);
        Close([7.0 / 3, 49.0 / 12], m.Var(1).ToDoubleArray(), 1e-14);            // rows: Σdev² = 14/3 and 49/6
        Close([1.0, 2.25, 3.0625], m.Var(0, correction: 0).ToDoubleArray(), 1e-14); // columns: (d/2)²
        Close([Math.Sqrt(7.0 / 3), Math.Sqrt(49.0 / 12)], m.Std(1).ToDoubleArray(), 1e-14);
        Assert.Equal(new[] { 2, 1 }, m.Var(1, keepDim: true).ShapeToArray());
        Assert.True(double.IsNaN(Tensor.FromArray([5.0]).Var().Item()));   // N − 1 = 0: 0/0, as PyTorch
        Assert.Equal(0.0, Tensor.FromArray([5.0]).Var(correction: 0).Item());
        // two-pass stability: a large offset does not destroy a small spread
        Close([1.0], Tensor.FromArray([1e9 + 1, 1e9 + 2, 1e9 + 3]).Var().ToDoubleArray().Take(1).ToArray(), 1e-12);
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void VarianceAndStdGradients(int[] shape, int dim)
    {
        var a = R(51, shape);
        GradCheck.Assert(x => x[0].Var(), [a]);
        GradCheck.Assert(x => x[0].Var(correction: 0), [a]);
        GradCheck.Assert(x => x[0].Var(dim, correction: 0), [a]);
        GradCheck.Assert(x => x[0].Var(dim, correction: 0, keepDim: true), [a]);
        if (a.Numel > 1) GradCheck.Assert(x => x[0].Std(correction: 0), [a]); // σ = 0 for one element: NaN gradient, as PyTorch
        if (a.Size(dim) > 1)
        {
            GradCheck.Assert(x => x[0].Var(dim), [a]);
            GradCheck.Assert(x => x[0].Std(dim, keepDim: true), [a]);
        }
        if (shape.Length == 3) GradCheck.Assert(x => x[0].Var([0, 2], keepDim: true), [a]);
    }

    [Fact]
    public void ProdValues()
    {
        var m = M();
        Assert.Equal(-12.0, m.Prod().Item(), 14);
        Close([8.0, -1.5], m.Prod(1).ToDoubleArray(), 1e-15);
        Close([3.0, -2.0, 2.0], m.Prod(0).ToDoubleArray(), 1e-15);
        Assert.Equal(new[] { 1, 3 }, m.Prod(0, keepDim: true).ShapeToArray());
        Assert.Equal(1.0, Tensor.Zeros(0).Prod().Item());                     // empty product
        Assert.Equal(new long[] { 24 }, Tensor.FromArray(new long[] { 2, 3, 4 }).Prod(0, keepDim: true).ToArray<long>());
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void ProdGradients(int[] shape, int dim)
    {
        var a = AwayFromZero(52, shape);
        GradCheck.Assert(x => x[0].Prod(), [a]);
        GradCheck.Assert(x => x[0].Prod(dim), [a]);
        GradCheck.Assert(x => x[0].Prod(dim, keepDim: true), [a]);
    }

    [Fact]
    public void ProdGradientIsExactWithZeros()
    {
        // One zero: only that entry has a non-zero derivative, the product of the others (2·3 = 6).
        var x = Tensor.FromArray([2.0, 0.0, 3.0]).RequiresGrad_();
        x.Prod().Backward();
        Assert.Equal(new[] { 0.0, 6.0, 0.0 }, x.Grad!.ToArray<double>());
        // Two zeros: every partial product contains a zero.
        var y = Tensor.FromArray([0.0, 5.0, 0.0]).RequiresGrad_();
        y.Prod().Backward();
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, y.Grad!.ToArray<double>());
        // Along a dim with a zero in one row; finite differences agree (the product is smooth, only y/x is not).
        var z = Tensor.From(new double[,] { { 1.5, 0.0, -2.0 }, { 0.5, 3.0, 0.0 }, { 0.7, 1.1, 0.9 } }).RequiresGrad_();
        GradCheck.Assert(t => t[0].Prod(1), [z]);
        GradCheck.Assert(t => t[0].Prod(0), [z]);
        GradCheck.Assert(t => t[0].Prod(), [z]);
    }

    [Fact]
    public void MaxMinValuesIndicesAndArg()
    {
        var m = M();
        Assert.Equal(4.0, m.Max().Item());
        Assert.Equal(-1.0, m.Min().Item());
        var (v, i) = m.Max(1);
        Close([4.0, 3.0], v.ToDoubleArray(), 0);
        Assert.Equal(new long[] { 2, 0 }, i.ToArray<long>());
        Assert.Equal(DType.Int64, i.DType);
        var (v0, i0) = m.Min(0, keepDim: true);
        Assert.Equal(new[] { 1, 3 }, v0.ShapeToArray());
        Close([1.0, -1.0, 0.5], v0.ToDoubleArray(), 0);
        Assert.Equal(new long[] { 0, 1, 1 }, i0.ToArray<long>());
        Assert.Equal(2L, m.ArgMax().Item<long>());               // flat index of 4
        Assert.Equal(4L, m.ArgMin().Item<long>());               // flat index of −1
        Assert.Equal(new[] { 1, 1 }, m.ArgMax(keepDim: true).ShapeToArray());
        Assert.Equal(new long[] { 1, 0, 0 }, m.ArgMax(0).ToArray<long>());
        Assert.Equal(new long[] { 0, 1 }, m.ArgMin(1).ToArray<long>());
        Assert.Equal(new[] { 2, 1 }, m.ArgMin(1, keepDim: true).ShapeToArray());
        // ties: the first occurrence; NaN wins both ways (PyTorch)
        Assert.Equal(1L, Tensor.FromArray([1.0, 5.0, 5.0, 2.0]).ArgMax().Item<long>());
        Assert.Equal(0L, Tensor.FromArray([1.0, 5.0, 1.0]).ArgMin(0).Item<long>());
        var nan = Tensor.FromArray([1.0, double.NaN, 3.0]);
        Assert.Equal(1L, nan.ArgMax().Item<long>());
        Assert.Equal(1L, nan.ArgMin().Item<long>());
        Assert.True(double.IsNaN(nan.Max().Item()));
        Assert.Equal(new long[] { 7, 2 }, Tensor.FromArray(new long[] { 3, 7, 2, 2, -4, 0 }, 2, 3).Max(1).Values.ToArray<long>());
    }

    [Fact]
    public void EmptyReductionsWithoutIdentityThrow()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(0).Max());
        Assert.Contains("max", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 0).Max(1));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(0).ArgMin());
        // reducing a non-empty dim of a tensor that is empty elsewhere is fine
        Assert.Equal(new[] { 0 }, Tensor.Zeros(0, 3).Max(1).Values.ShapeToArray());
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void MaxMinGradients(int[] shape, int dim)
    {
        var a = Distinct(53, shape);
        GradCheck.Assert(x => x[0].Max(), [a]);
        GradCheck.Assert(x => x[0].Min(), [a]);
        GradCheck.Assert(x => x[0].Max(dim).Values, [a]);
        GradCheck.Assert(x => x[0].Min(dim, keepDim: true).Values, [a]);
        GradCheck.Assert(x => x[0].Max(dim, keepDim: true).Values * 2.0, [a]);
    }

    [Fact]
    public void TiedMaximaSplitTheFullReductionGradientButNotThePerDimOne()
    {
        // torch: x = [1, 3, 3, 2]; x.max().backward() → [0, ½, ½, 0]; x.max(0).values.backward() → [0, 1, 0, 0].
        var x = Tensor.FromArray([1.0, 3.0, 3.0, 2.0]).RequiresGrad_();
        x.Max().Backward();
        Assert.Equal(new[] { 0.0, 0.5, 0.5, 0.0 }, x.Grad!.ToArray<double>());
        x.ZeroGrad();
        x.Max(0).Values.Backward();
        Assert.Equal(new[] { 0.0, 1.0, 0.0, 0.0 }, x.Grad!.ToArray<double>());
        var y = Tensor.FromArray([-2.0, 5.0, -2.0, -2.0]).RequiresGrad_();
        y.Min().Backward();
        Close([1.0 / 3, 0, 1.0 / 3, 1.0 / 3], y.Grad!.ToDoubleArray(), 1e-15);
    }

    [Fact]
    public void CumSumValuesAndEdgeCases()
    {
        var m = M();
        Close([1, 3, 7, 3, 2, 2.5], m.CumSum(1).ToDoubleArray(), 0);
        Close([1, 2, 4, 4, 1, 4.5], m.CumSum(0).ToDoubleArray(), 0);
        Close([1, 3, 7, 3, 2, 2.5], m.CumSum(-1).ToDoubleArray(), 0);
        Assert.Equal(new long[] { 1, 1, 2 }, Tensor.FromArray([true, false, true]).CumSum(0).ToArray<long>());
        Assert.Equal(new[] { 2, 0 }, Tensor.Zeros(2, 0).CumSum(1).ShapeToArray());
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void CumSumGradients(int[] shape, int dim)
    {
        GradCheck.Assert(x => x[0].CumSum(dim), [R(54, shape)]);
        GradCheck.Assert(x => x[0].Transpose(0, -1).CumSum(dim), [R(55, shape)]); // non-contiguous input
    }

    [Fact]
    public void NormValues()
    {
        var m = M();
        Assert.Equal(Math.Sqrt(31.25), m.Norm().Item(), 14);
        Assert.Equal(11.5, m.Norm(1).Item(), 14);
        Close([4.0, 3.0], m.Norm(double.PositiveInfinity, 1).ToDoubleArray(), 0);
        Close([1.0, 1.0, 0.5], m.Norm(double.NegativeInfinity, 0).ToDoubleArray(), 0);
        Close([Math.Cbrt(28), Math.Cbrt(9), Math.Cbrt(64.125)], m.Norm(3, 0).ToDoubleArray(), 1e-14);
        double half = new[] { 1, 2, 4, 3, 1, 0.5 }.Sum(Math.Sqrt);
        Assert.Equal(half * half, m.Norm(0.5).Item(), 12);
        Assert.Equal(5.0, Tensor.FromArray([1.0, 0.0, -3.0, 2.0, 0.0, 7.0, 1.0]).Norm(0).Item());
        Assert.Equal(new[] { 2, 1 }, m.Norm(2, [1], keepDim: true).ShapeToArray());
        Assert.Equal(0.0, Tensor.Zeros([0], DType.Float64).Norm().Item());
    }

    [Theory, MemberData(nameof(ShapeDims))]
    public void NormGradients(int[] shape, int dim)
    {
        var a = Distinct(56, shape); // distinct and non-zero magnitudes: no ties for ±∞, no kinks for p = 1
        foreach (var p in new[] { 2.0, 1.0, 3.0, 1.5, 0.5, double.PositiveInfinity, double.NegativeInfinity })
        {
            GradCheck.Assert(x => x[0].Norm(p), [a]);
            GradCheck.Assert(x => x[0].Norm(p, dim), [a]);
            GradCheck.Assert(x => x[0].Norm(p, [dim], keepDim: true), [a]);
        }
    }

    [Fact]
    public void NormGradientAtZeroIsZeroForP2()
    {
        // PyTorch: torch.zeros(2).norm().backward() → [0, 0] rather than 0/0.
        var z = Tensor.Zeros([2], DType.Float64).RequiresGrad_();
        z.Norm().Backward();
        Assert.Equal(new[] { 0.0, 0.0 }, z.Grad!.ToArray<double>());
        // ∞-norm ties split evenly with the sign: torch gives [0, −½, ½, 0] for [1, −3, 3, 2].
        var t = Tensor.FromArray([1.0, -3.0, 3.0, 2.0]).RequiresGrad_();
        t.Norm(double.PositiveInfinity).Backward();
        Assert.Equal(new[] { 0.0, -0.5, 0.5, 0.0 }, t.Grad!.ToArray<double>());
    }

    [Fact]
    public void Float32ForwardMatchesFloat64()
    {
        var (f, d) = FloatPair(Distinct(57, 3, 9));
        // 1e-6 relative: sums of 9–27 float32 terms of similar magnitude accumulate a few ulp (~3e-7).
        foreach (var op in new Func<Tensor, Tensor>[]
        {
            t => t.Var(1), t => t.Std(), t => t.Prod(0), t => t.Max(), t => t.Min(1).Values, t => t.CumSum(1),
            t => t.Norm(), t => t.Norm(1, 0), t => t.Norm(3, 1), t => t.Norm(double.PositiveInfinity),
        })
            Close(op(d).ToDoubleArray(), op(f).ToDoubleArray(), 1e-6, 1e-7);
        Assert.Equal(d.ArgMax(1).ToArray<long>(), f.ArgMax(1).ToArray<long>());
    }
}
