using Glassbox.Autograd;
using Glassbox.Models.Generative;

namespace Glassbox.Tests.Models.Generative;

/// <summary>The VAE's KL, ELBO and importance-weighted bound checked against independent computations.</summary>
public class VaeTests
{
    /// <summary>A tiny float64 Bernoulli VAE (8 pixels, 2 latents) with its decoder weights scaled up so that the
    /// posterior is far from the prior and the ELBO–log p(x) gap is wide enough to measure.</summary>
    private static VariationalAutoencoder TinyModel(ulong seed = 1)
    {
        var model = new VariationalAutoencoder(8, [6], 2, dtype: DType.Float64, generator: new Generator(seed));
        using var _ = GradMode.NoGrad();
        foreach (var (name, p) in model.NamedParameters())
            if (name.StartsWith("decoder.", StringComparison.Ordinal)) p.MulInPlace(3.0);
        return model;
    }

    private static Tensor BinaryData(int n, ulong seed) =>
        Tensor.Bernoulli(Tensor.Full([n, 8], 0.5, DType.Float64), new Generator(seed));

    [Fact]
    public void KlClosedFormMatchesMonteCarlo()
    {
        // KL(q‖p) = E_q[log q(z) − log p(z)]. With M = 200,000 samples the estimate's standard error is sd/√M; the
        // closed form must lie within 4 standard errors (a false alarm probability of about 6e-5).
        var mu = Tensor.FromArray([0.7, -1.2, 0.1], 1, 3);
        var logVar = Tensor.FromArray([-0.5, 0.8, -2.0], 1, 3);
        double closed = GaussianMath.KlToStandardNormal(mu, logVar).Item();
        // By hand: −½ Σ (1 + lv − μ² − e^lv).
        double byHand = 0;
        double[] m = [0.7, -1.2, 0.1], lv = [-0.5, 0.8, -2.0];
        for (int j = 0; j < 3; j++) byHand += -0.5 * (1 + lv[j] - m[j] * m[j] - Math.Exp(lv[j]));
        Assert.Equal(byHand, closed, 12);

        const int M = 200_000;
        var eps = Tensor.Randn([M, 3], DType.Float64, new Generator(7));
        var z = GaussianMath.Reparameterize(mu.Expand(M, 3), logVar.Expand(M, 3), eps);
        var terms = (GaussianMath.PosteriorLogDensityFromNoise(logVar, eps) - GaussianMath.StandardNormalLogDensity(z)).ToArray<double>();
        double mean = terms.Average();
        double sd = Math.Sqrt(terms.Sum(t => (t - mean) * (t - mean)) / (M - 1));
        Assert.InRange(closed, mean - 4 * sd / Math.Sqrt(M), mean + 4 * sd / Math.Sqrt(M));
    }

    [Fact]
    public void KlIsZeroAtThePriorAndPositiveElsewhere()
    {
        var zero = Tensor.Zeros([2, 4], DType.Float64);
        Assert.All(GaussianMath.KlToStandardNormal(zero, zero).ToArray<double>(), v => Assert.Equal(0.0, v, 15));
        var kl = GaussianMath.KlToStandardNormal(Tensor.Randn([5, 4], DType.Float64, new Generator(3)), Tensor.Randn([5, 4], DType.Float64, new Generator(4)));
        Assert.All(kl.ToArray<double>(), v => Assert.True(v > 0));
    }

    [Fact]
    public void ImportanceWeightWithOneSampleIsTheSingleSampleElbo()
    {
        var model = TinyModel();
        var x = BinaryData(5, 11);
        var eps = Tensor.Randn([1, 5, 2], DType.Float64, new Generator(5));
        var logW = model.LogImportanceWeights(x, eps).ToArray<double>();
        // Independently: log p(x|z) from Terms at the same ε, plus log p(z) − log q(z|x) written out from μ, log σ².
        var terms = model.Terms(x, eps.Select(0, 0));
        var mu = terms.Mu.ToArray<double>(); var lv = terms.LogVar.ToArray<double>(); var e = eps.ToArray<double>();
        var rec = terms.Reconstruction.ToArray<double>();
        for (int n = 0; n < 5; n++)
        {
            double logPz = 0, logQ = 0;
            for (int j = 0; j < 2; j++)
            {
                double s2 = Math.Exp(lv[n * 2 + j]), zj = mu[n * 2 + j] + Math.Sqrt(s2) * e[n * 2 + j];
                logPz += -0.5 * (zj * zj + Math.Log(2 * Math.PI));
                logQ += -0.5 * (Math.Log(2 * Math.PI * s2) + (zj - mu[n * 2 + j]) * (zj - mu[n * 2 + j]) / s2);
            }
            Assert.Equal(rec[n] + logPz - logQ, logW[n], 10);
        }
        // The chunked bound with K = 1 draws the same ε from an equally seeded generator, so it is the same number.
        var bound = model.ImportanceWeightedBound(x, 1, new Generator(5));
        for (int n = 0; n < 5; n++) Assert.Equal(logW[n], bound[n], 10);
    }

    [Fact]
    public void ChunkingDoesNotChangeTheBound()
    {
        var model = TinyModel();
        var x = BinaryData(4, 12);
        var whole = model.ImportanceWeightedBound(x, 60, new Generator(9), maxRows: 1_000_000);
        var chunked = model.ImportanceWeightedBound(x, 60, new Generator(9), maxRows: 28); // 7 samples × 4 examples per chunk
        for (int n = 0; n < 4; n++) Assert.Equal(whole[n], chunked[n], 10);
    }

    [Fact]
    public void BoundsAreOrderedAndApproachTheExactLogLikelihood()
    {
        // With a 2-d latent, log p(x) = log ∫ p(x|z) p(z) dz is computable by quadrature: a midpoint rule on a 161×161
        // grid over [−6, 6]² (p(z) outside carries < 1e-7 of the mass and the integrand is smooth on the 0.075 spacing,
        // so the rule is accurate far below the Monte-Carlo noise of the bounds).
        var model = TinyModel();
        const int N = 6, G = 161;
        var x = BinaryData(N, 13);
        double h = 12.0 / G;
        var grid = new double[G * G * 2];
        for (int a = 0; a < G; a++) for (int b = 0; b < G; b++) { grid[(a * G + b) * 2] = -6 + (a + 0.5) * h; grid[(a * G + b) * 2 + 1] = -6 + (b + 0.5) * h; }
        double[] exact;
        using (GradMode.NoGrad())
        {
            var z = Tensor.FromArray(grid, G * G, 1, 2).Expand(G * G, N, 2);
            var logJoint = (model.LogLikelihood(model.Decode(z), x) + GaussianMath.StandardNormalLogDensity(z)).ToArray<double>();
            exact = GaussianMath.LogMeanExpRows(logJoint, G * G, N).Select(v => v + Math.Log(G * G * h * h)).ToArray();
        }

        // Average each bound over R independent repetitions; E[L_K] is non-decreasing in K and ≤ log p(x), with
        // E[L_1] the ELBO. Consecutive Ks must be ordered beyond 3 combined standard errors of the averages.
        const int R = 16;
        int[] ks = [1, 4, 1000];
        var gen = new Generator(21);
        var means = new double[ks.Length]; var ses = new double[ks.Length];
        for (int i = 0; i < ks.Length; i++)
        {
            var reps = new double[R];
            for (int r = 0; r < R; r++) reps[r] = model.ImportanceWeightedBound(x, ks[i], gen).Sum();
            means[i] = reps.Average();
            ses[i] = Math.Sqrt(reps.Sum(v => (v - means[i]) * (v - means[i])) / (R - 1) / R);
        }
        double elbo, elboSe;
        using (GradMode.NoGrad())
        {
            // The analytic-KL ELBO summed over the N examples, its reconstruction term averaged over S samples.
            const int S = 4000;
            var terms = model.Terms(x.Unsqueeze(0).Expand(S, N, 8).Reshape(S * N, 8), new Generator(4));
            var perSample = terms.Elbo.Reshape(S, N).Sum(1).ToArray<double>();
            elbo = perSample.Average();
            elboSe = Math.Sqrt(perSample.Sum(v => (v - elbo) * (v - elbo)) / (S - 1) / S);
        }
        double exactSum = exact.Sum();
        double tol = 4 * Math.Sqrt(ses[0] * ses[0] + elboSe * elboSe);
        Assert.InRange(means[0], elbo - tol, elbo + tol);
        for (int i = 1; i < ks.Length; i++)
            Assert.True(means[i] - means[i - 1] > 3 * Math.Sqrt(ses[i] * ses[i] + ses[i - 1] * ses[i - 1]),
                $"E[L_{ks[i]}] = {means[i]:F4} should exceed E[L_{ks[i - 1]}] = {means[i - 1]:F4} (se {ses[i]:F4}, {ses[i - 1]:F4}); exact {exactSum:F4}, elbo {elbo:F4}");
        Assert.True(means[^1] <= exactSum + 3 * ses[^1], $"E[L_{ks[^1]}] = {means[^1]:F4} exceeds log p(x) = {exactSum:F4}");
        // L_1000's remaining gap is small next to the ELBO's.
        Assert.True(exactSum - means[^1] < 0.2 * (exactSum - elbo), $"gaps: elbo {exactSum - elbo:F4}, L_1000 {exactSum - means[^1]:F4}");
    }

    [Theory]
    [InlineData(VaeLikelihood.Bernoulli)]
    [InlineData(VaeLikelihood.GaussianFixedVariance)]
    [InlineData(VaeLikelihood.GaussianLearnedVariance)]
    public void LossGradCheck(VaeLikelihood likelihood)
    {
        var model = new VariationalAutoencoder(4, [3], 2, likelihood, fixedVariance: 0.5, dtype: DType.Float64, generator: new Generator(2));
        var x = Tensor.Rand([3, 4], DType.Float64, new Generator(3));
        var eps = Tensor.Randn([3, 2], DType.Float64, new Generator(4));
        var ps = model.Parameters().ToArray();
        GradCheck.Assert(_ => model.Terms(x, eps, beta: 1.5).Loss, ps);
    }

    [Fact]
    public void ShapesAndParameterCountOfBurdasModel()
    {
        // 784-200-200-50 encoder (two heads of 50) and 50-200-200-784 decoder:
        // enc 784·200+200 + 200·200+200 + 2·(200·50+50); dec 50·200+200 + 200·200+200 + 200·784+784.
        var model = new VariationalAutoencoder(784, [200, 200], 50, generator: new Generator(0));
        long expected = (784 * 200 + 200) + (200 * 200 + 200) + 2 * (200 * 50 + 50) + (50 * 200 + 200) + (200 * 200 + 200) + (200 * 784 + 784);
        Assert.Equal(expected, model.ParameterCount);
        Assert.Contains("fc_log_var.weight", model.StateDict().Keys);
        var x = Tensor.Rand([3, 784], DType.Float32, new Generator(1));
        var t = model.Terms(x, new Generator(2));
        Assert.Equal([3], t.Elbo.ShapeToArray());
        Assert.Equal([3, 784], t.Decoded.ShapeToArray());
        Assert.Equal([5, 784], model.Sample(5, new Generator(3)).ShapeToArray());
        var ex = Assert.Throws<ArgumentException>(() => model.Encode(Tensor.Zeros(3, 783)));
        Assert.Contains("[3, 783]", ex.Message);
    }

    [Fact]
    public void ConditionalModelUsesTheLabel()
    {
        var model = new ConditionalVariationalAutoencoder(6, [5], 2, numClasses: 3, dtype: DType.Float64, generator: new Generator(1));
        // Condition concatenated: first encoder layer 6+3 inputs, first decoder layer 2+3 inputs.
        Assert.Equal([5, 9], model.StateDict()["encoder.0.weight"].ShapeToArray());
        Assert.Equal([5, 5], model.StateDict()["decoder.0.weight"].ShapeToArray());
        var x = Tensor.Rand([2, 6], DType.Float64, new Generator(2));
        var a = model.TermsForLabels(x, Tensor.FromArray(new long[] { 0, 1 }, 2), new Generator(3)).Elbo.ToArray<double>();
        var b = model.TermsForLabels(x, Tensor.FromArray(new long[] { 2, 2 }, 2), new Generator(3)).Elbo.ToArray<double>();
        Assert.NotEqual(a[0], b[0]);
        Assert.Equal([4, 6], model.SampleForLabels(Tensor.FromArray(new long[] { 0, 1, 2, 0 }, 4), new Generator(4)).ShapeToArray());
        Assert.Throws<ArgumentException>(() => model.OneHot(Tensor.FromArray(new long[] { 3 }, 1)));
        Assert.Throws<ArgumentException>(() => model.Terms(x, new Generator(1)));
    }
}
