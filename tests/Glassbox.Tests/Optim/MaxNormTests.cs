using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Tests.Optim;

/// <summary>
/// The max-norm projection against <c>torch.renorm(w, p=2, dim=0, maxnorm=c)</c>: rows outside the ball are scaled
/// by c/(‖w‖ + 1e-7), rows inside are untouched.
/// </summary>
public class MaxNormTests
{
    [Fact]
    public void ProjectsOnlyRowsOutsideTheBallLikeTorchRenorm()
    {
        // Rows with norms 5, 0.5 and 10 against c = 1. torch.renorm on float64 gives
        // [[0.5999999880000002, 0.7999999840000003], [0.3, 0.4], [0.5999999940000001, 0.7999999920000002]]:
        // 3·1/(5 + 1e-7) etc. The arithmetic is the same two double operations, so 1e-15 is a rounding bound.
        var w = Tensor.FromArray(new double[] { 3, 4, 0.3, 0.4, 6, 8 }, [3, 2]);
        int clipped = MaxNorm.Apply([w], 1.0);
        Assert.Equal(2, clipped);
        double[] expected = [0.5999999880000002, 0.7999999840000003, 0.3, 0.4, 0.5999999940000001, 0.7999999920000002];
        var got = w.ToArray<double>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], 1e-15);
        // The row inside the ball is bit-for-bit unchanged.
        Assert.Equal(0.3, got[2]);
        Assert.Equal(0.4, got[3]);
    }

    [Fact]
    public void Float32RowsLandInsideTheBallAndKeepTheirDirection()
    {
        var g = new Generator(7);
        var lin = new Linear(50, 20, generator: g);
        using (Glassbox.Autograd.GradMode.NoGrad()) lin.Weight.MulInPlace(Tensor.Scalar(40.0, DType.Float32));
        var before = lin.Weight.ToArray<float>();
        int clipped = MaxNorm.Apply([lin.Weight], 2.0);
        var after = lin.Weight.ToArray<float>();
        Assert.True(clipped > 0);
        for (int r = 0; r < 20; r++)
        {
            double nb = 0, na = 0, dot = 0;
            for (int c = 0; c < 50; c++)
            {
                double b = before[r * 50 + c], a = after[r * 50 + c];
                nb += b * b; na += a * a; dot += a * b;
            }
            (nb, na) = (Math.Sqrt(nb), Math.Sqrt(na));
            if (nb <= 2.0) { Assert.Equal(nb, na); continue; }
            // float32 rounding of 50 products: relative error well under 1e-6 of the norm.
            Assert.InRange(na, 2.0 * (1 - 1e-6), 2.0 * (1 + 1e-6));
            Assert.Equal(1.0, dot / (na * nb), 1e-6); // same direction: cosine 1
        }
    }

    [Fact]
    public void StridedViewIsProjectedThroughACopy()
    {
        // The transpose of [[3, 0.3], [4, 0.4]] has rows (3, 4) and (0.3, 0.4): only the first is outside c = 1.
        var baseT = Tensor.FromArray(new double[] { 3, 0.3, 4, 0.4 }, [2, 2]);
        var view = baseT.Transpose(0, 1);
        Assert.Equal(1, MaxNorm.Apply([view], 1.0));
        var got = baseT.ToArray<double>();
        Assert.Equal(0.5999999880000002, got[0], 1e-15);
        Assert.Equal(0.7999999840000003, got[2], 1e-15);
        Assert.Equal(0.3, got[1]);
        Assert.Equal(0.4, got[3]);
    }

    [Fact]
    public void RejectsANonPositiveRadiusAndIntegerWeights()
    {
        var w = Tensor.Ones([2, 2]);
        Assert.Contains("maxNorm must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => MaxNorm.Apply([w], 0)).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => MaxNorm.Apply([Tensor.Zeros([2, 2], DType.Int64)], 1)).Message);
    }
}
