using Glassbox.RL.Models;

namespace Glassbox.Tests.RL;

/// <summary>
/// The PETS/MBPO ensemble: its Gaussian NLL and variance bounds against formulas evaluated by hand in float64, the loss
/// gradient against central differences, a fit of a known noisy linear system, elite selection, and determinism.
/// </summary>
public class ProbabilisticEnsembleTests
{
    private static Tensor Leaf(double[] v, params int[] shape)
    {
        var t = Tensor.FromArray(v, shape);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void GaussianNllAndItsGradientMatchTheFormulaByHand()
    {
        // E = 2 members, B = 2 rows, D = 2 outputs.
        double[] mu = [0.3, -1.2, 0.8, 0.0, -0.5, 2.0, 1.1, -0.7];
        double[] lv = [0.1, -2.0, 0.5, -0.3, 1.2, -1.0, 0.0, 0.4];
        double[] y = [0.0, -1.0, 1.5, 0.2, 0.5, 1.0, 1.0, -0.2];
        var m = Leaf(mu, 2, 2, 2);
        var s = Leaf(lv, 2, 2, 2);
        var loss = ProbabilisticEnsemble.GaussianNll(m, s, Tensor.FromArray(y, 2, 2, 2));
        var values = loss.ToArray<double>();
        loss.Sum().Backward();
        var gm = m.Grad!.ToArray<double>();
        var gs = s.Grad!.ToArray<double>();
        for (int e = 0; e < 2; e++)
        {
            double expected = 0;
            for (int i = e * 4; i < e * 4 + 4; i++) expected += 0.5 * ((mu[i] - y[i]) * (mu[i] - y[i]) * Math.Exp(-lv[i]) + lv[i]) / 4;
            Assert.Equal(expected, values[e], 1e-14); // four terms in float64
        }
        for (int i = 0; i < 8; i++)
        {
            // ∂/∂μ = (μ − y)e^(−s)/(B·D), ∂/∂s = ½(1 − (μ − y)²e^(−s))/(B·D), B·D = 4.
            Assert.Equal((mu[i] - y[i]) * Math.Exp(-lv[i]) / 4, gm[i], 1e-14);
            Assert.Equal(0.5 * (1 - (mu[i] - y[i]) * (mu[i] - y[i]) * Math.Exp(-lv[i])) / 4, gs[i], 1e-14);
        }
    }

    [Fact]
    public void BoundLogVarIsTheSoftClampByHandAndStaysInsideTheBounds()
    {
        double[] raw = [-50, -12, -10, -3, 0, 0.4, 0.5, 3, 40];
        var r = Leaf(raw, raw.Length);
        var max = Tensor.FromArray(new[] { 0.5 }, 1);
        var min = Tensor.FromArray(new[] { -10.0 }, 1);
        var bounded = ProbabilisticEnsemble.BoundLogVar(r, max, min);
        var v = bounded.ToArray<double>();
        bounded.Sum().Backward();
        var g = r.Grad!.ToArray<double>();
        static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        for (int i = 0; i < raw.Length; i++)
        {
            double upper = 0.5 - Softplus(0.5 - raw[i]);
            Assert.Equal(-10 + Softplus(upper + 10), v[i], 1e-12);
            // Inside (m, M) up to the clamp's overshoot above M, at most log(1 + e^(m − M)) = 2.8e-5 (reached at ℓ = 40,
            // so the bound gets 1e-12 of float64 rounding room).
            Assert.InRange(v[i], -10, 0.5 + Math.Log(1 + Math.Exp(-10.5)) + 1e-12);
            // Chain rule: d/dℓ = σ(upper − m)·σ(M − ℓ).
            Assert.Equal(Sigmoid(upper + 10) * Sigmoid(0.5 - raw[i]), g[i], 1e-12);
        }
        // Well inside the bounds the clamp is nearly the identity: 3.5 below M it is off by
        // log(1 + e^(ℓ − M)) − log(1 + e^(m − upper)) = 0.0298 − 0.0009; half a unit below M it bends away, 0 → −0.474.
        Assert.Equal(-3 - 0.0289, v[3], 1e-3);
        Assert.Equal(-0.474, v[4], 1e-3);
    }

    [Fact]
    public void LossGradientMatchesCentralDifferences()
    {
        var opts = new EnsembleOptions { Members = 3, Elites = 2, Hidden = 5, HiddenLayers = 2, InitialMaxLogVar = 0.5, InitialMinLogVar = -3 };
        var model = new ProbabilisticEnsemble(3, 2, opts, seed: 11, dtype: DType.Float64);
        var rng = new Generator(5);
        var x = Tensor.FromArray(Enumerable.Range(0, 3 * 4 * 3).Select(_ => rng.NextNormal()).ToArray(), 3, 4, 3);
        var y = Tensor.FromArray(Enumerable.Range(0, 3 * 4 * 2).Select(_ => rng.NextNormal()).ToArray(), 3, 4, 2);
        model.ZeroGrad();
        model.Loss(x, y).Backward();
        foreach (var (name, p) in model.NamedParameters())
        {
            var grad = p.Grad!.ToArray<double>();
            var span = p.Span<double>();
            // A handful of entries per parameter, spread across members.
            for (int i = 0; i < span.Length; i += Math.Max(1, span.Length / 5))
            {
                const double h = 1e-6;
                double keep = span[i];
                span[i] = keep + h; double up = model.Loss(x, y).Item();
                span[i] = keep - h; double down = model.Loss(x, y).Item();
                span[i] = keep;
                // Central difference: truncation O(h²) ≈ 1e-12, rounding ≈ 1e-16·|L|/h ≈ 1e-9 for |L| of a few units.
                Assert.True(Math.Abs((up - down) / (2 * h) - grad[i]) < 1e-7, $"{name}[{i}]: numeric {(up - down) / (2 * h)}, autograd {grad[i]}");
            }
        }
    }

    // Δs = A·s + B·a + noise, s ∈ R², a ∈ R, reward = −s₀² (deterministic), noise σ = 0.05 on Δs.
    private static (Tensor X, Tensor Y, double[] Clean) LinearSystem(int n, ulong seed)
    {
        var rng = new Generator(seed);
        var x = new double[n * 3];
        var y = new double[n * 3];
        var clean = new double[n * 3];
        for (int i = 0; i < n; i++)
        {
            double s0 = 2 * rng.NextDouble() - 1, s1 = 2 * rng.NextDouble() - 1, a = 2 * rng.NextDouble() - 1;
            x[i * 3] = s0; x[i * 3 + 1] = s1; x[i * 3 + 2] = a;
            clean[i * 3] = 0.1 * s1;                       // A = [[0, 0.1], [−0.2, −0.05]], B = [0, 0.3]
            clean[i * 3 + 1] = -0.2 * s0 - 0.05 * s1 + 0.3 * a;
            clean[i * 3 + 2] = -s0 * s0;
            y[i * 3] = clean[i * 3] + 0.05 * rng.NextNormal();
            y[i * 3 + 1] = clean[i * 3 + 1] + 0.05 * rng.NextNormal();
            y[i * 3 + 2] = clean[i * 3 + 2];
        }
        return (Tensor.FromArray(x, n, 3), Tensor.FromArray(y, n, 3), clean);
    }

    private static EnsembleOptions SmallOptions => new() { Members = 5, Elites = 3, Hidden = 32, HiddenLayers = 2, BatchSize = 64, MaxEpochs = 60, LearningRate = 3e-3 };

    [Fact]
    public void FitsAKnownNoisyLinearSystemAndItsNoiseLevel()
    {
        var model = new ProbabilisticEnsemble(3, 3, SmallOptions, seed: 1);
        var (x, y, _) = LinearSystem(1500, 7);
        var fit = model.Fit(x, y);
        Assert.Equal(300, fit.HoldoutRows);
        var (tx, _, clean) = LinearSystem(400, 99);
        var mean = model.ElitesMean(tx);
        var (_, logVar) = model.Predict(tx);
        for (int j = 0; j < 3; j++)
        {
            double err = 0, spread = 0, cm = clean.Where((_, k) => k % 3 == j).Average(), sigma = 0;
            for (int i = 0; i < 400; i++)
            {
                err += Math.Pow(mean[i, j] - clean[i * 3 + j], 2) / 400;
                spread += Math.Pow(clean[i * 3 + j] - cm, 2) / 400;
                foreach (int k in model.Elites) sigma += Math.Exp(0.5 * logVar[k, i, j]) / (400 * model.Elites.Length);
            }
            // The noise-free function is recovered to within a few percent of its spread (R² > 0.99 per output).
            Assert.True(err < 0.01 * spread, $"output {j}: squared error {err} vs spread {spread}");
            // The aleatoric σ is learned: ≈ 0.05 on Δs; far below it on the noise-free reward.
            if (j < 2) Assert.InRange(sigma, 0.035, 0.07);
            else Assert.True(sigma < 0.02, $"reward σ {sigma}");
        }
    }

    [Fact]
    public void ElitesAreTheBestHoldoutMembersAndTheOnlyOnesUsed()
    {
        // Two epochs leave the members visibly different, so the ranking is not a tie.
        var model = new ProbabilisticEnsemble(3, 3, SmallOptions with { MaxEpochs = 2 }, seed: 4);
        var (x, y, _) = LinearSystem(600, 3);
        var fit = model.Fit(x, y);
        var ranked = Enumerable.Range(0, 5).OrderBy(m => fit.HoldoutMse[m]).ToArray();
        Assert.Equal(ranked[..3], fit.Elites);
        Assert.Equal(fit.Elites, model.Elites);
        Assert.True(fit.HoldoutMse.Distinct().Count() == 5);

        // Wreck the worst member's output bias: the elites' prediction must not move at all.
        var (tx, _, _) = LinearSystem(20, 8);
        var before = model.ElitesMean(tx);
        int worst = ranked[^1];
        var bias = model.NamedParameters().First(p => p.Name == "b2").Parameter;
        var span = bias.Span<float>();
        int block = span.Length / 5;
        for (int i = worst * block; i < (worst + 1) * block; i++) span[i] += 1000f;
        Assert.Equal(before, model.ElitesMean(tx));
        var (mean, _) = model.Predict(tx);
        // ...while the wrecked member itself is far off: +1000 standardised units times Δs₀'s spread (~0.08) is ~80.
        Assert.True(Math.Abs(mean[worst, 0, 0] - before[0, 0]) > 10, $"wrecked member moved only to {mean[worst, 0, 0]}");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalFitsAndSamples()
    {
        var (x, y, _) = LinearSystem(300, 2);
        var (tx, _, _) = LinearSystem(10, 5);
        float[] Run()
        {
            var model = new ProbabilisticEnsemble(3, 3, SmallOptions with { MaxEpochs = 5 }, seed: 9);
            model.Fit(x, y);
            return model.Sample(tx, new Generator(1)).ToArray<float>();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void RejectsMisshapedData()
    {
        var model = new ProbabilisticEnsemble(3, 2, SmallOptions);
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(10, 4), Tensor.Zeros(10, 2)));
        Assert.Contains("[10, 4]", ex.Message);
        Assert.Throws<ArgumentException>(() => new EnsembleOptions { Members = 3, Elites = 4 }.Validate());
    }
}
