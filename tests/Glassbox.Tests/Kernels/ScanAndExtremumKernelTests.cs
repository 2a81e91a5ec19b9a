using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>Optimised cumsum / product-of-others / extremum kernels against their naive references over a size sweep.</summary>
public class ScanAndExtremumKernelTests
{
    public static TheoryData<int, int, int> Layouts()
    {
        var d = new TheoryData<int, int, int>();
        foreach (int r in new[] { 0, 1, 3, 7, 8, 9, 17 })
            foreach (int i in new[] { 1, 3, 8, 9 })
                d.Add(2, r, i);
        d.Add(0, 5, 3);
        return d;
    }

    private static double[] Data(int n, ulong seed, bool withZerosAndTies)
    {
        var g = new Generator(seed);
        var x = new double[n];
        for (int k = 0; k < n; k++)
        {
            x[k] = Math.Round(g.NextDouble() * 8 - 4, withZerosAndTies ? 0 : 6); // integers: ties and zeros appear
            if (!withZerosAndTies && x[k] == 0) x[k] = 0.5;
        }
        return x;
    }

    [Theory, MemberData(nameof(Layouts))]
    public void CumSumMatchesReference(int outer, int reduce, int inner)
    {
        var x = Data(outer * reduce * inner, 1, false);
        foreach (var rev in new[] { false, true })
        {
            var y = new double[x.Length]; var r = new double[x.Length];
            ScanKernels.CumSum<double>(y, x, outer, reduce, inner, rev);
            ScanKernels.CumSumReference<double>(r, x, outer, reduce, inner, rev);
            for (int k = 0; k < y.Length; k++) Assert.Equal(r[k], y[k], 12); // same additions, same order: equal up to rounding
        }
    }

    [Theory, MemberData(nameof(Layouts))]
    public void ProductOfOthersMatchesReferenceIncludingZeros(int outer, int reduce, int inner)
    {
        var x = Data(outer * reduce * inner, 2, true);
        var y = new double[x.Length]; var r = new double[x.Length];
        ScanKernels.ProductOfOthers<double>(y, x, outer, reduce, inner);
        ScanKernels.ProductOfOthersReference<double>(r, x, outer, reduce, inner);
        for (int k = 0; k < y.Length; k++) Assert.Equal(r[k], y[k], 9); // integer products < 4^16: exact in double
    }

    /// <summary>The layouts with a non-empty reduced axis: max/min have no identity, so callers reject an empty
    /// axis before reaching the kernel (<see cref="EmptyMaxIsRejectedBeforeTheKernel"/>).</summary>
    public static TheoryData<int, int, int> NonEmptyLayouts()
    {
        var d = new TheoryData<int, int, int>();
        foreach (var row in Layouts()) if ((int)row[1] > 0) d.Add((int)row[0], (int)row[1], (int)row[2]);
        return d;
    }

    [Fact]
    public void EmptyMaxIsRejectedBeforeTheKernel()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Tensor.Zeros([2, 0, 3], DType.Float64).Max(1).Values);
        Assert.Contains("cannot reduce over dimension 1 of size 0", ex.Message);
    }

    [Theory, MemberData(nameof(NonEmptyLayouts))]
    public void ExtremumMatchesReferenceWithTies(int outer, int reduce, int inner)
    {
        var x = Data(outer * reduce * inner, 3, true);
        if (x.Length > 4) x[4] = double.NaN; // NaN must win and report its first index
        foreach (var isMax in new[] { true, false })
        {
            var v = new double[outer * inner]; var i = new long[outer * inner];
            var rv = new double[outer * inner]; var ri = new long[outer * inner];
            ExtremumKernels.Reduce<double>(v, i, x, outer, reduce, inner, isMax);
            ExtremumKernels.ReduceReference<double>(rv, ri, x, outer, reduce, inner, isMax);
            Assert.Equal(ri, i);
            Assert.Equal(rv, v);
        }
    }
}
