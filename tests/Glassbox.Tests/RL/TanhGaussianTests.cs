using Glassbox.RL.Distributions;

namespace Glassbox.Tests.RL;

/// <summary>The squashed Gaussian's log-density against the change-of-variables formula evaluated directly in float64.</summary>
public class TanhGaussianTests
{
    private const int B = 5, A = 3;

    private static double[] Draw(Generator g, int n, double lo, double hi) =>
        Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * g.NextDouble()).ToArray();

    // log π(a) = Σᵢ [log N(uᵢ; μᵢ, σᵢ) − log(sᵢ·(1 − tanh² uᵢ))], written the textbook way with Math.Tanh.
    private static double Direct(double[] mu, double[] logStd, double[] u, double[] scale, int row)
    {
        double total = 0;
        for (int j = 0; j < A; j++)
        {
            int k = row * A + j;
            double sigma = Math.Exp(logStd[k]), z = (u[k] - mu[k]) / sigma, t = Math.Tanh(u[k]);
            total += -0.5 * z * z - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(scale[j] * (1 - t * t));
        }
        return total;
    }

    [Fact]
    public void LogProbMatchesTheChangeOfVariablesFormulaInFloat64()
    {
        var g = new Generator(7);
        double[] mu = Draw(g, B * A, -1.5, 1.5), logStd = Draw(g, B * A, -2, 0.5), eps = Draw(g, B * A, -2, 2);
        double[] scale = [2.0, 0.5, 1.0], bias = [0.0, 1.0, -0.25];
        var dist = new TanhGaussian(Tensor.FromArray(mu, B, A), Tensor.FromArray(logStd, B, A), Tensor.FromArray(scale, A), Tensor.FromArray(bias, A));
        var (action, logProb) = dist.RSample(Tensor.FromArray(eps, B, A));
        double[] u = new double[B * A];
        for (int k = 0; k < u.Length; k++) u[k] = mu[k] + Math.Exp(logStd[k]) * eps[k];
        var a = action.ToArray<double>();
        var lp = logProb.ToArray<double>();
        var lpInverted = dist.LogProb(action).ToArray<double>();
        var lpPre = dist.LogProbOfPreTanh(Tensor.FromArray(u, B, A)).ToArray<double>();
        for (int r = 0; r < B; r++)
        {
            double expected = Direct(mu, logStd, u, scale, r);
            // |u| < 4.5 here, so 1 − tanh² u ≥ 5e-4 and the direct formula loses at most ~3 digits of 16: 1e-11 is ample.
            Assert.Equal(expected, lp[r], 1e-11);
            Assert.Equal(expected, lpPre[r], 1e-11);
            // Inverting tanh amplifies the rounding of a by 1/(1 − tanh² u) ≤ 2e3: still far below 1e-9.
            Assert.Equal(expected, lpInverted[r], 1e-9);
            for (int j = 0; j < A; j++)
                Assert.Equal(Math.Tanh(u[r * A + j]) * scale[j] + bias[j], a[r * A + j], 1e-14);
        }
        var mode = dist.Mode.ToArray<double>();
        for (int k = 0; k < B * A; k++) Assert.Equal(Math.Tanh(mu[k]) * scale[k % A] + bias[k % A], mode[k], 1e-14);
    }

    [Fact]
    public void DensityIntegratesToOneOverTheActionBox()
    {
        // One action dimension on [−1.5, 2.5] (s = 2, b = 0.5); trapezoid rule in a-space over 40,001 points. The density
        // vanishes at both edges (σ = 0.6, μ = 0.3), so the only error is the rule's O(h²) ≈ 1e-8.
        const int n = 40001;
        double lo = -1.5, hi = 2.5, h = (hi - lo) / (n - 1);
        var actions = new double[n];
        for (int i = 0; i < n; i++) actions[i] = lo + i * h;
        var dist = new TanhGaussian(Tensor.Full([n, 1], 0.3, DType.Float64), Tensor.Full([n, 1], Math.Log(0.6), DType.Float64),
            Tensor.FromArray(new[] { 2.0 }, 1), Tensor.FromArray(new[] { 0.5 }, 1));
        var lp = dist.LogProb(Tensor.FromArray(actions, n, 1)).ToArray<double>();
        double integral = 0;
        for (int i = 0; i < n; i++) integral += (i == 0 || i == n - 1 ? 0.5 : 1.0) * Math.Exp(lp[i]) * h;
        Assert.Equal(1.0, integral, 1e-6);
    }

    [Fact]
    public void SaturatedSampleKeepsAFiniteExactLogDensityInFloat32()
    {
        // μ = 12 rounds tanh to exactly 1 in float32, where log(1 − tanh²) would be −∞; the softplus form stays exact:
        // log(1 − tanh² u) = 2(log 2 − u − softplus(−2u)) ≈ 2 log 2 − 2u for large u.
        var dist = new TanhGaussian(Tensor.Full([1, 1], 12.0), Tensor.Full([1, 1], -1.0));
        var (action, logProb) = dist.RSample(Tensor.Zeros([1, 1]));
        Assert.Equal(1f, action.ToArray<float>()[0]);
        double expected = -(-1.0) - 0.5 * Math.Log(2 * Math.PI) - (2 * Math.Log(2) - 2 * 12.0 - 2 * Math.Log(1 + Math.Exp(-24.0)));
        // float32 rounding of u = 12 and of the sum: relative 1e-6.
        Assert.Equal(expected, logProb.ToArray<float>()[0], Math.Abs(expected) * 1e-6);
    }

    [Fact]
    public void ReparameterisedLogProbGradientMatchesFiniteDifferences()
    {
        var mu = Tensor.FromArray(new[] { 0.4, -0.7 }, 1, 2); mu.RequiresGrad = true;
        var ls = Tensor.FromArray(new[] { -0.3, 0.2 }, 1, 2); ls.RequiresGrad = true;
        var eps = Tensor.FromArray(new[] { 0.8, -1.1 }, 1, 2);
        var (a, lp) = new TanhGaussian(mu, ls).RSample(eps);
        (a.Sum() + lp.Sum()).Backward();
        double F(double m0, double m1, double l0, double l1)
        {
            double total = 0;
            foreach (var (m, l, e) in new[] { (m0, l0, 0.8), (m1, l1, -1.1) })
            {
                double u = m + Math.Exp(l) * e, t = Math.Tanh(u);
                total += t - 0.5 * e * e - l - 0.5 * Math.Log(2 * Math.PI) - Math.Log(1 - t * t);
            }
            return total;
        }
        const double d = 1e-6;
        double[] p = [0.4, -0.7, -0.3, 0.2];
        var gm = mu.Grad!.ToArray<double>();
        var gl = ls.Grad!.ToArray<double>();
        double[] analytic = [gm[0], gm[1], gl[0], gl[1]];
        for (int i = 0; i < 4; i++)
        {
            var up = (double[])p.Clone(); up[i] += d;
            var dn = (double[])p.Clone(); dn[i] -= d;
            double fd = (F(up[0], up[1], up[2], up[3]) - F(dn[0], dn[1], dn[2], dn[3])) / (2 * d);
            // Central differences with h = 1e-6 in float64: truncation ~1e-12, rounding ~1e-10.
            Assert.Equal(fd, analytic[i], 1e-7);
        }
    }

    [Fact]
    public void MismatchedShapesAreRejectedWithTheShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TanhGaussian(Tensor.Zeros([2, 3]), Tensor.Zeros([2, 2])));
        Assert.Contains("[2, 3]", ex.Message);
        var bad = Assert.Throws<ArgumentException>(() => new TanhGaussian(Tensor.Zeros([1, 1]), Tensor.Zeros([1, 1]), Tensor.Full([1], -1.0)));
        Assert.Contains("positive", bad.Message);
    }
}
