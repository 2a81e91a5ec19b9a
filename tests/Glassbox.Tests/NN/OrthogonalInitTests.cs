using Glassbox.NN;

namespace Glassbox.Tests.NN;

public class OrthogonalInitTests
{
    /// <summary>Max |(W·Wᵀ or Wᵀ·W) − gain²·I| over the smaller Gram matrix of W viewed as rows × cols.</summary>
    private static double GramError(Tensor w, double gain)
    {
        int rows = w.Shape[0], cols = w.Numel / rows;
        var v = w.ToDoubleArray();
        bool wide = rows <= cols;
        int n = wide ? rows : cols, len = wide ? cols : rows;
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++)
                    dot += wide ? v[i * cols + k] * v[j * cols + k] : v[k * cols + i] * v[k * cols + j];
                worst = Math.Max(worst, Math.Abs(dot - (i == j ? gain * gain : 0)));
            }
        return worst;
    }

    [Theory]
    [InlineData(5, 8, 2.0)]     // wide: orthonormal rows
    [InlineData(8, 5, 1.4142135623730951)] // tall: orthonormal columns
    [InlineData(6, 6, 0.01)]    // square: orthogonal
    public void Float64ResultIsGainTimesOrthogonal(int rows, int cols, double gain)
    {
        var w = Init.Orthogonal(Tensor.Zeros([rows, cols], DType.Float64), gain, new Generator(3));
        // Householder QR in float64 is backward stable: Gram errors are a few ulps of gain², far below 1e-12.
        Assert.True(GramError(w, gain) < 1e-12 * Math.Max(1, gain * gain), $"Gram error {GramError(w, gain)}");
    }

    [Fact]
    public void Float32WeightsAreOrthogonalToRounding()
    {
        var w = Init.Orthogonal(Tensor.Zeros([64, 4]), Math.Sqrt(2), new Generator(1));
        // float32 storage rounds each entry by ≤ 2^-24 relative; a 64-term dot product of entries of size ~0.2
        // then errs by about 64·2^-24·2 ≈ 1e-5 at most.
        Assert.True(GramError(w, Math.Sqrt(2)) < 1e-5);
    }

    [Fact]
    public void ConvolutionKernelsAreFlattenedPerOutputChannel()
    {
        // [6, 3, 2, 2] is viewed as 6 × 12: six orthonormal rows.
        var w = Init.Orthogonal(Tensor.Zeros([6, 3, 2, 2], DType.Float64), 1.0, new Generator(7));
        Assert.Equal([6, 3, 2, 2], w.ShapeToArray());
        Assert.True(GramError(w, 1.0) < 1e-12);
    }

    [Fact]
    public void SignFixGivesQWhoseFirstColumnPointsAlongTheGaussianMatrixFirstColumn()
    {
        // With R's diagonal made positive, A = Q·R gives q₀ = a₀/‖a₀‖ exactly: the first column of the Gaussian
        // matrix fixes the first column of Q, including its sign. Without the fix Householder QR returns −a₀/‖a₀‖
        // whenever a₀'s head is positive (LAPACK's β = −sign(a₀₀)·‖a₀‖).
        const int m = 7, n = 4;
        var w = Init.Orthogonal(Tensor.Zeros([m, n], DType.Float64), 3.0, new Generator(11)).ToDoubleArray();
        var g = new Generator(11);
        var a = new double[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = g.NextNormal();
        double norm = Math.Sqrt(Enumerable.Range(0, m).Sum(i => a[i * n] * a[i * n]));
        for (int i = 0; i < m; i++) Assert.Equal(3.0 * a[i * n] / norm, w[i * n], 1e-12);
        // Wide case: the factored matrix is cols × rows, so W's first row is gain·(its first column)/norm.
        var wide = Init.Orthogonal(Tensor.Zeros([n, m], DType.Float64), 1.0, new Generator(11)).ToDoubleArray();
        for (int i = 0; i < m; i++) Assert.Equal(a[i * n] / norm, wide[i], 1e-12);
    }

    [Fact]
    public void SameSeedSameWeightsAndVectorsAreRejected()
    {
        var a = Init.Orthogonal(Tensor.Zeros([4, 9]), 1, new Generator(5)).ToArray<float>();
        var b = Init.Orthogonal(Tensor.Zeros([4, 9]), 1, new Generator(5)).ToArray<float>();
        Assert.Equal(a, b);
        var e = Assert.Throws<ArgumentException>(() => Init.Orthogonal(Tensor.Zeros([5])));
        Assert.Contains("Orthogonal", e.Message);
        Assert.Contains("[5]", e.Message);
    }
}
