using Glassbox.Kernels;

namespace Glassbox.Tests.Kernels;

/// <summary>The vectorised IndexAdd against its scalar reference, over row widths around the vector width.</summary>
public class IndexKernelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(100)]
    public void IndexAddMatchesReference(int inner)
    {
        var g = new Generator((ulong)inner);
        const int outer = 2, n = 5;
        long[] index = [4, 0, 4, 2, 4, 1];
        int m = index.Length;
        var src = new double[outer * m * inner];
        for (int i = 0; i < src.Length; i++) src[i] = g.NextDouble() - 0.5;
        var fast = new double[outer * n * inner];
        for (int i = 0; i < fast.Length; i++) fast[i] = g.NextDouble();
        var reference = (double[])fast.Clone();
        IndexKernels.IndexAdd<double>(fast, src, index, outer, n, inner);
        IndexKernels.IndexAddReference<double>(reference, src, index, outer, n, inner);
        // Each destination element receives the same addends in the same order (index order), and SIMD lanes
        // add independently, so the results agree exactly.
        Assert.Equal(reference, fast);

        var f32 = Array.ConvertAll(src, v => (float)v);
        var fastF = new float[outer * n * inner];
        var refF = new float[outer * n * inner];
        IndexKernels.IndexAdd<float>(fastF, f32, index, outer, n, inner);
        IndexKernels.IndexAddReference<float>(refF, f32, index, outer, n, inner);
        Assert.Equal(refF, fastF);
    }
}
