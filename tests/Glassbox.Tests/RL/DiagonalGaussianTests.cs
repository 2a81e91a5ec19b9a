using Glassbox.Autograd;
using Glassbox.RL.Distributions;

namespace Glassbox.Tests.RL;

public class DiagonalGaussianTests
{
    private static Tensor D(double[] v, params int[] shape) => Tensor.FromArray(v, shape);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);

    [Fact]
    public void LogProbAndEntropyMatchTheDirectFormulas()
    {
        var mean = D([0.5, -1.0, 2.0, 0.0], 2, 2);
        var logStd = D([Math.Log(0.5), Math.Log(2.0)], 1, 2);   // state-independent, broadcast over the batch
        var dist = new DiagonalGaussian(mean, logStd);
        var lp = dist.LogProb(D([1.0, 0.0, 2.0, -3.0], 2, 2)).ToDoubleArray();
        double Term(double x, double mu, double s) => -(x - mu) * (x - mu) / (2 * s * s) - Math.Log(s) - 0.5 * Log2Pi;
        Assert.Equal(Term(1.0, 0.5, 0.5) + Term(0.0, -1.0, 2.0), lp[0], 1e-14);
        Assert.Equal(Term(2.0, 2.0, 0.5) + Term(-3.0, 0.0, 2.0), lp[1], 1e-14);
        var h = dist.Entropy().ToDoubleArray();
        double h1 = 1 + Log2Pi + Math.Log(0.5) + Math.Log(2.0);   // Σ ½ + ½ log 2π + log σ_d
        Assert.Equal([2], dist.Entropy().ShapeToArray());
        Assert.Equal(h1, h[0], 1e-14);
        Assert.Equal(h1, h[1], 1e-14);
    }

    [Fact]
    public void GradientsPassGradCheckForMeanLogStdAndValue()
    {
        var mean = D([0.3, -0.7, 1.1, 0.2, -0.5, 0.9], 3, 2).RequiresGrad_();
        var logStd = D([-0.3, 0.4], 1, 2).RequiresGrad_();
        var x = D([0.0, -1.0, 1.5, 0.1, 0.2, 0.3], 3, 2).RequiresGrad_();
        GradCheck.Assert(xs => new DiagonalGaussian(xs[0], xs[1]).LogProb(xs[2]), [mean, logStd, x]);
        GradCheck.Assert(xs => new DiagonalGaussian(xs[0], xs[1]).Entropy(), [mean, logStd]);
    }

    [Fact]
    public void SamplesHaveTheRightMomentsAreDetachedAndSeeded()
    {
        const int n = 20000;
        var mean = D([1.0, -2.0], 1, 2).Expand(n, 2).Contiguous().RequiresGrad_();
        var logStd = D([Math.Log(0.5), Math.Log(3.0)], 1, 2).RequiresGrad_();
        var dist = new DiagonalGaussian(mean, logStd);
        var s = dist.Sample(new Generator(2));
        Assert.False(s.RequiresGrad);
        var v = s.ToDoubleArray();
        double[] mu = [1.0, -2.0], sd = [0.5, 3.0];
        for (int d = 0; d < 2; d++)
        {
            var col = Enumerable.Range(0, n).Select(i => v[i * 2 + d]).ToArray();
            double m = col.Average(), std = Math.Sqrt(col.Sum(c => (c - m) * (c - m)) / (n - 1));
            // standard errors: σ/√n for the mean (≤ 0.021), σ/√(2n) for the std (≤ 0.015); 5 of each
            Assert.True(Math.Abs(m - mu[d]) < 5 * sd[d] / Math.Sqrt(n), $"dim {d} mean {m}");
            Assert.True(Math.Abs(std - sd[d]) < 5 * sd[d] / Math.Sqrt(2.0 * n), $"dim {d} std {std}");
        }
        Assert.Equal(v, dist.Sample(new Generator(2)).ToDoubleArray());
    }

    [Fact]
    public void RSampleCarriesTheReparameterisationGradient()
    {
        var mean = D([0.2, -0.1], 1, 2).RequiresGrad_();
        var logStd = D([0.5, -0.5], 1, 2).RequiresGrad_();
        var x = new DiagonalGaussian(mean, logStd).RSample(new Generator(6));
        x.Sum().Backward();
        // x = μ + e^{log σ}·ε: ∂x/∂μ = 1 and ∂x/∂log σ = σ·ε = x − μ
        Assert.Equal([1.0, 1.0], mean.Grad!.ToDoubleArray());
        var xv = x.ToDoubleArray();
        var g = logStd.Grad!.ToDoubleArray();
        Assert.Equal(xv[0] - 0.2, g[0], 1e-14);
        Assert.Equal(xv[1] + 0.1, g[1], 1e-14);
    }

    [Fact]
    public void ShapeAndDtypeErrorsNameTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new DiagonalGaussian(Tensor.Zeros([4, 2]), Tensor.Zeros([1, 3])));
        Assert.Contains("[1, 3]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => new DiagonalGaussian(Tensor.Zeros([4, 2]), Tensor.Zeros([1, 2], DType.Float64)));
        var dist = new DiagonalGaussian(Tensor.Zeros([4, 2]), Tensor.Zeros([2]));
        Assert.Contains("[4, 3]", Assert.Throws<ArgumentException>(() => dist.LogProb(Tensor.Zeros([4, 3]))).Message);
    }
}
