using Glassbox.Autograd;
using Glassbox.Models.Generative;

namespace Glassbox.Tests.Models.Generative;

/// <summary>The forward process, the loss and the samplers against closed forms, with oracle ε-predictors in float64.</summary>
public class GaussianDiffusionTests
{
    private static readonly GaussianDiffusion Linear = new(NoiseSchedule.Linear());

    /// <summary>A known clean batch in [−1, 1], float64 [3, 1, 4, 4].</summary>
    private static Tensor KnownX0() => (Tensor.Rand([3, 1, 4, 4], DType.Float64, new Generator(11)) * 2 - 1);

    /// <summary>The oracle that knows x_0: ε(x_t, t) = (x_t − √ᾱ_t·x_0)/√(1 − ᾱ_t), the noise that produced x_t.</summary>
    private static NoisePredictor Oracle(GaussianDiffusion d, Tensor x0) => (xt, t) =>
    {
        var steps = t.ToDoubleArray();
        var a = steps.Select(s => Math.Sqrt(d.Schedule.AlphaBar((int)s))).ToArray();
        var b = steps.Select(s => Math.Sqrt(1 - d.Schedule.AlphaBar((int)s))).ToArray();
        return (xt - x0 * Tensor.FromArray(a, a.Length, 1, 1, 1)) / Tensor.FromArray(b, b.Length, 1, 1, 1);
    };

    [Fact]
    public void QSampleIsTheClosedFormPerExample()
    {
        var x0 = KnownX0();
        var noise = Tensor.Randn([3, 1, 4, 4], DType.Float64, new Generator(3));
        var t = Tensor.FromArray(new long[] { 0, 499, 999 }, 3);
        var xt = Linear.QSample(x0, t, noise).ToDoubleArray();
        var x = x0.ToDoubleArray(); var e = noise.ToDoubleArray();
        int[] steps = [0, 499, 999];
        for (int i = 0; i < xt.Length; i++)
        {
            double ab = Linear.Schedule.AlphaBar(steps[i / 16]);
            Assert.Equal(Math.Sqrt(ab) * x[i] + Math.Sqrt(1 - ab) * e[i], xt[i], 14);
        }
        Assert.Throws<ArgumentException>(() => Linear.QSample(x0, Tensor.FromArray(new long[] { 0, 1000, 2 }, 3), noise));
        Assert.Throws<ArgumentException>(() => Linear.QSample(x0, Tensor.FromArray(new long[] { 0, 1 }, 2), noise));
    }

    [Fact]
    public void LossIsMeanSquaredNoiseErrorOverTheSameDraws()
    {
        // Replay the loss's draws (steps, then noise, from the same seed) and compute ‖ε − ε_θ‖² by hand with a
        // predictor that returns 0.5·x_t: the loss is then mean((ε − 0.5·x_t)²).
        var x0 = KnownX0();
        NoisePredictor half = (xt, _) => xt * 0.5;
        double loss = Linear.Loss(half, x0, new Generator(5)).Item();
        var g = new Generator(5);
        var t = Tensor.Randint(0, 1000, [3], g);
        var noise = Tensor.Randn([3, 1, 4, 4], DType.Float64, g);
        var xt = Linear.QSample(x0, t, noise);
        double byHand = ((noise - xt * 0.5) * (noise - xt * 0.5)).ToDoubleArray().Average();
        Assert.Equal(byHand, loss, 14);
        // The oracle has zero loss (to rounding: x_t's two terms are O(1), so the recovered ε errs by ~1e-16/√(1−ᾱ)).
        Assert.True(Linear.Loss(Oracle(Linear, x0), x0, new Generator(6)).Item() < 1e-20);
    }

    [Theory]
    [InlineData("linear", 10)]
    [InlineData("linear", 20)]
    [InlineData("linear", 50)]
    [InlineData("linear", 100)]
    [InlineData("cosine", 10)]
    [InlineData("cosine", 1000)]
    public void DdimEtaZeroWithTrueNoiseRecoversX0(string schedule, int count)
    {
        // With the oracle, x̂_0 = x_0 at every step, and η = 0 makes each update √ᾱ_prev·x_0 + √(1 − ᾱ_prev)·ε: the last
        // (ᾱ_prev = 1) returns x_0 exactly. Float64 rounding through ≤ 1000 steps: each step re-derives x̂_0 by dividing
        // by √ᾱ_t (≥ 0.0064 at the noisiest linear step, ≥ 0.0002 at cosine's), so errors near 1e-16/√ᾱ·√steps ≈ 1e-12.
        var d = new GaussianDiffusion(schedule == "linear" ? NoiseSchedule.Linear() : NoiseSchedule.Cosine());
        var x0 = KnownX0();
        var steps = d.Schedule.EvenlySpacedSteps(count);
        var x = d.SampleDdim(Oracle(d, x0), [3, 1, 4, 4], steps, 0.0, new Generator(9), clipDenoised: false, dtype: DType.Float64);
        Assert.True(MaxAbs(x - x0) < 1e-10, $"max |x − x_0| = {MaxAbs(x - x0):G3}");
    }

    [Fact]
    public void DdpmStepMeanIsThePosteriorMean()
    {
        // One ancestral step from x_t with the oracle: x_{t−1} − σ_t·z must be μ̃_t(x_t, x_0) = coef_x0·x_0 + coef_xt·x_t,
        // which also equals Ho et al.'s eq. 11, (x_t − β_t/√(1 − ᾱ_t)·ε)/√α_t. Checked via a one-step DDIM at η = 1
        // (identical to DDPM on consecutive steps) and via the library's PosteriorMean.
        var s = Linear.Schedule;
        var x0 = KnownX0();
        var eps = Tensor.Randn([3, 1, 4, 4], DType.Float64, new Generator(2));
        const int t = 400;
        var xt = x0 * Math.Sqrt(s.AlphaBar(t)) + eps * Math.Sqrt(1 - s.AlphaBar(t));
        var eq11 = (xt - eps * (s.Beta(t) / Math.Sqrt(1 - s.AlphaBar(t)))) / Math.Sqrt(s.Alpha(t));
        var mu = Linear.PosteriorMean(xt, Linear.PredictX0(xt, t, eps), t);
        Assert.True(MaxAbs(mu - eq11) < 1e-13, $"posterior mean vs eq. 11: {MaxAbs(mu - eq11):G3}");
        // The same step through the sampler: DDIM at η = 1 on consecutive steps [t − 1, t], started at x_t (so the
        // generator's first draw is the z of step t). Removing σ_t·z must leave eq. 11; the final step returns x_0.
        var one = new List<Tensor>();
        var last = Linear.SampleDdim(Oracle(Linear, x0), [3, 1, 4, 4], [t - 1, t], 1.0, new Generator(4), false,
            (step, x, _) => { if (step == t) one.Add(x); }, DType.Float64, xt);
        var z = Tensor.Randn([3, 1, 4, 4], DType.Float64, new Generator(4));
        var noiseFree = one[0] - z * Math.Sqrt(s.PosteriorVariance(t));
        Assert.True(MaxAbs(noiseFree - eq11) < 1e-13, $"DDIM(η=1) step vs eq. 11: {MaxAbs(noiseFree - eq11):G3}");
        Assert.True(MaxAbs(last - x0) < 1e-12);
    }

    [Fact]
    public void DdimEtaOneOverEveryStepIsAncestralSampling()
    {
        // σ_t(η = 1) on consecutive steps is √β̃_t and the mean is μ̃_t, so with the same draws both samplers agree.
        var d = new GaussianDiffusion(NoiseSchedule.Linear(50, 1e-3, 0.2));
        NoisePredictor model = (xt, t) => xt * 0.3 + t.To(DType.Float64).Reshape(-1, 1, 1, 1) * 1e-3;
        var a = d.SampleAncestral(model, [2, 1, 3, 3], new Generator(8), clipDenoised: true, dtype: DType.Float64);
        var b = d.SampleDdim(model, [2, 1, 3, 3], d.Schedule.EvenlySpacedSteps(50), 1.0, new Generator(8), clipDenoised: true, dtype: DType.Float64);
        Assert.True(MaxAbs(a - b) < 1e-12, $"ancestral vs DDIM(η=1): {MaxAbs(a - b):G3}");
    }

    [Fact]
    public void SamplersAreDeterministicPerSeed()
    {
        NoisePredictor model = (xt, _) => xt.Tanh() * 0.5;
        int[] shape = [2, 1, 4, 4];
        var steps = Linear.Schedule.EvenlySpacedSteps(20);
        Assert.Equal(Linear.SampleDdim(model, shape, steps, 1.0, new Generator(1)).ToDoubleArray(), Linear.SampleDdim(model, shape, steps, 1.0, new Generator(1)).ToDoubleArray());
        Assert.NotEqual(Linear.SampleDdim(model, shape, steps, 1.0, new Generator(1)).ToDoubleArray(), Linear.SampleDdim(model, shape, steps, 1.0, new Generator(2)).ToDoubleArray());
        var small = new GaussianDiffusion(NoiseSchedule.Linear(30, 1e-3, 0.2));
        Assert.Equal(small.SampleAncestral(model, shape, new Generator(3)).ToDoubleArray(), small.SampleAncestral(model, shape, new Generator(3)).ToDoubleArray());
        // η = 0 ignores the generator after x_T: the same start gives the same output whatever the generator.
        var start = Tensor.Randn(shape, DType.Float32, new Generator(5));
        Assert.Equal(Linear.SampleDdim(model, shape, steps, 0.0, new Generator(1), start: start).ToDoubleArray(),
            Linear.SampleDdim(model, shape, steps, 0.0, new Generator(2), start: start).ToDoubleArray());
    }

    [Fact]
    public void DdimRejectsBadSteps()
    {
        NoisePredictor model = (xt, _) => xt;
        Assert.Throws<ArgumentException>(() => Linear.SampleDdim(model, [1, 1, 2, 2], [5, 5], 0, new Generator(0)));
        Assert.Throws<ArgumentException>(() => Linear.SampleDdim(model, [1, 1, 2, 2], [0, 1000], 0, new Generator(0)));
        Assert.Throws<ArgumentException>(() => Linear.SampleDdim(model, [1, 1, 2, 2], [], 0, new Generator(0)));
        Assert.Throws<ArgumentException>(() => Linear.SampleDdim((xt, _) => xt.Narrow(2, 0, 1), [1, 1, 2, 2], [0, 1], 0, new Generator(0)));
    }

    [Fact]
    public void GuidanceMixesConditionalAndUnconditional()
    {
        // A fake model whose ε is the label value everywhere: ε_c = y, ε_u = null label (10). Then ε̃ = (1 + w)·y − 10·w.
        Func<Tensor, Tensor, Tensor, Tensor> model = (x, t, y) => x * 0 + y.To(DType.Float64).Reshape(-1, 1, 1, 1);
        var labels = Tensor.FromArray(new long[] { 3, 7 }, 2);
        var x = Tensor.Zeros([2, 1, 2, 2], DType.Float64);
        var steps = Tensor.FromArray(new long[] { 5, 5 }, 2);
        foreach (double w in new[] { 0.0, 1.0, 3.0, 7.0 })
        {
            var e = ClassifierFreeGuidance.Guided(model, labels, 10, w)(x, steps).ToDoubleArray();
            Assert.Equal((1 + w) * 3 - 10 * w, e[0], 12);
            Assert.Equal((1 + w) * 7 - 10 * w, e[7], 12);
        }
        // Label dropout: with p = 0.25 over 20,000 labels the dropped share has standard error 0.003; allow 4 of them.
        var many = Tensor.Zeros([20000], DType.Int64);
        var dropped = ClassifierFreeGuidance.DropLabels(many, 0.25, 10, new Generator(1)).ToDoubleArray();
        Assert.InRange(dropped.Count(v => v == 10) / 20000.0, 0.238, 0.262);
        Assert.All(dropped, v => Assert.True(v == 0 || v == 10));
    }

    private static double MaxAbs(Tensor t)
    {
        using var _ = GradMode.NoGrad();
        return t.ToDoubleArray().Max(Math.Abs);
    }
}
