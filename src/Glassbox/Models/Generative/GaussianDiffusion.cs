using Glassbox.Autograd;

namespace Glassbox.Models.Generative;

/// <summary>
/// Gaussian diffusion over a <see cref="NoiseSchedule"/>: the forward process q(x_t | x_0), the simplified
/// ε-prediction loss of Ho et al. (2020), ancestral (DDPM) sampling and DDIM sampling (Song, Meng &amp; Ermon 2021).
/// Data are expected in [−1, 1] (images in [0, 1] mapped by 2x − 1), the range the schedule's unit noise variance is
/// designed for.
/// </summary>
/// <remarks>
/// <para><b>Loss.</b> The variational bound decomposes into KL terms between Gaussian posteriors q(x_{t−1} | x_t, x_0)
/// and the model's p_θ(x_{t−1} | x_t); with the mean parameterised through a noise predictor,
/// μ_θ = (x_t − β_t/√(1 − ᾱ_t)·ε_θ)/√α_t, each KL is a weighted ‖ε − ε_θ‖². Ho et al. drop the weights:
/// L_simple = E_{t, x_0, ε} ‖ε − ε_θ(√ᾱ_t·x_0 + √(1 − ᾱ_t)·ε, t)‖², t uniform — which down-weights the easy small-t
/// terms and gave them better samples. <see cref="Loss"/> is this, averaged over every element.</para>
/// <para><b>x̂_0 and clipping.</b> Both samplers go through the model's current guess of the clean image,
/// x̂_0 = (x_t − √(1 − ᾱ_t)·ε_θ)/√ᾱ_t. With <c>clipDenoised</c> it is clamped to the data range [−1, 1] and ε is
/// re-derived from the clamped x̂_0, which removes the over-saturated blobs that large-t predictions otherwise carry into
/// the next step; without it the update is exactly the paper's formula.</para>
/// </remarks>
public sealed class GaussianDiffusion
{
    /// <summary>Wraps <paramref name="schedule"/>.</summary>
    public GaussianDiffusion(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The noise schedule.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Number of diffusion steps T.</summary>
    public int Steps => Schedule.Steps;

    /// <summary>
    /// Draws x_t ~ q(x_t | x_0) as √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε for each example's own step (0-based, int64 [N]).
    /// Differentiable in x_0 and ε.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or steps do not fit; the message names them.</exception>
    public Tensor QSample(Tensor x0, Tensor timesteps, Tensor noise)
    {
        CheckBatch(x0, timesteps, "QSample");
        if (!x0.ShapeToArray().SequenceEqual(noise.ShapeToArray()))
            throw new ArgumentException($"GaussianDiffusion.QSample: noise shape {ShapeUtil.Format(noise.ShapeArray)} differs from x_0's {ShapeUtil.Format(x0.ShapeArray)}");
        var t = CheckedSteps(timesteps, "QSample");
        var a = new double[t.Length]; var b = new double[t.Length];
        for (int i = 0; i < t.Length; i++) { a[i] = Math.Sqrt(Schedule.AlphaBar(t[i])); b[i] = Math.Sqrt(1 - Schedule.AlphaBar(t[i])); }
        return x0 * PerExample(a, x0) + noise * PerExample(b, x0);
    }

    /// <summary>
    /// The simplified loss L_simple on a batch: t uniform on 0 … T−1 and ε ~ N(0, I) drawn from
    /// <paramref name="generator"/> (steps first, then noise), the mean squared error between ε and the prediction.
    /// </summary>
    public Tensor Loss(NoisePredictor model, Tensor x0, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = x0.Size(0);
        var t = Tensor.Randint(0, Steps, [n], generator);
        var noise = Tensor.Randn(x0.ShapeToArray(), x0.DType, generator);
        var xt = QSample(x0, t, noise);
        var diff = model(xt, t) - noise;
        return (diff * diff).Mean();
    }

    /// <summary>x̂_0 = (x_t − √(1 − ᾱ_t)·ε)/√ᾱ_t for every example at the same step <paramref name="t"/>.</summary>
    public Tensor PredictX0(Tensor xt, int t, Tensor eps)
    {
        double ab = Schedule.AlphaBar(t);
        return (xt - eps * Math.Sqrt(1 - ab)) * (1 / Math.Sqrt(ab));
    }

    /// <summary>The posterior mean μ̃_t(x_t, x_0) of q(x_{t−1} | x_t, x_0) at step <paramref name="t"/>.</summary>
    public Tensor PosteriorMean(Tensor xt, Tensor x0, int t) =>
        x0 * Schedule.PosteriorMeanCoefX0(t) + xt * Schedule.PosteriorMeanCoefXt(t);

    /// <summary>
    /// Ancestral sampling (Ho et al. 2020, Algorithm 2) through all T steps: x_T ~ N(0, I), then for t = T … 1
    /// x_{t−1} = μ̃_t(x_t, x̂_0) + σ_t·z with σ_t² = β̃_t (the posterior variance; Ho et al. report β_t and β̃_t as
    /// equally good) and no noise at the last step.
    /// </summary>
    /// <param name="model">The ε-predictor (called under no-grad).</param>
    /// <param name="shape">[N, C, H, W] of the samples.</param>
    /// <param name="generator">Source of x_T and of every z (drawn in step order; the same seed gives the same samples).</param>
    /// <param name="clipDenoised">Clamp x̂_0 to [−1, 1] at every step (see the class remarks).</param>
    /// <param name="onStep">Called after each step with the 0-based step just taken, x_{t−1} and x̂_0 (for trajectory pictures).
    /// The step's tensors are returned to the buffer pool when the step ends: keep one with <c>TensorScope.Keep(x.Clone())</c>.</param>
    /// <param name="dtype">Dtype of the samples (the model's).</param>
    public Tensor SampleAncestral(NoisePredictor model, int[] shape, Generator generator, bool clipDenoised = true,
        Action<int, Tensor, Tensor>? onStep = null, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = GradMode.NoGrad();
        var x = Tensor.Randn(shape, dtype, generator);
        for (int t = Steps - 1; t >= 0; t--)
        {
            using var scope = new TensorScope();
            var eps = model(x, Tensor.Full([shape[0]], t, DType.Int64));
            var x0 = Denoised(x, t, eps, clipDenoised).x0;
            var next = PosteriorMean(x, x0, t);
            if (t > 0) next = next + Tensor.Randn(shape, dtype, generator) * Math.Sqrt(Schedule.PosteriorVariance(t));
            onStep?.Invoke(t, next, x0);
            x = TensorScope.Keep(next);
        }
        return x;
    }

    /// <summary>
    /// DDIM sampling over an increasing subsequence τ of the steps (Song et al. 2021, eq. 12): from x_T ~ N(0, I), for
    /// each τ_i from the last down, x_{τ_{i−1}} = √ᾱ_{τ_{i−1}}·x̂_0 + √(1 − ᾱ_{τ_{i−1}} − σ²)·ε_θ + σ·z, where
    /// σ = η·√((1 − ᾱ_{τ_{i−1}})/(1 − ᾱ_{τ_i}))·√(1 − ᾱ_{τ_i}/ᾱ_{τ_{i−1}}) and ᾱ before the first element is 1.
    /// </summary>
    /// <remarks>
    /// Why steps can be skipped: training only ever sees the marginals q(x_t | x_0), never the chain between steps, so any
    /// process with those marginals is served by the same ε_θ. DDIM's is one such family, indexed by σ, and it is defined
    /// on any subsequence of steps. η = 0 makes it deterministic (an ODE-like map from x_T to x_0, which is why fewer,
    /// larger steps still land on the data); η = 1 over every step is exactly DDPM with σ² = β̃.
    /// </remarks>
    /// <param name="model">The ε-predictor (called under no-grad).</param>
    /// <param name="shape">[N, C, H, W] of the samples.</param>
    /// <param name="steps">Strictly increasing 0-based steps, e.g. <see cref="NoiseSchedule.EvenlySpacedSteps"/>.</param>
    /// <param name="eta">η ≥ 0: 0 deterministic, 1 ancestral-like.</param>
    /// <param name="generator">Source of x_T and, when η &gt; 0, of every z.</param>
    /// <param name="clipDenoised">Clamp x̂_0 to [−1, 1] and re-derive ε from it (see the class remarks).</param>
    /// <param name="onStep">Called after each step with the step just taken, the new x and x̂_0 (valid during the call only,
    /// as for <see cref="SampleAncestral"/>).</param>
    /// <param name="dtype">Dtype of the samples (the model's).</param>
    /// <param name="start">Start from this x_T instead of drawing it (e.g. a fixed noise shared between samplers).</param>
    /// <exception cref="ArgumentException">The steps are empty, out of range or not strictly increasing.</exception>
    public Tensor SampleDdim(NoisePredictor model, int[] shape, IReadOnlyList<int> steps, double eta, Generator generator,
        bool clipDenoised = true, Action<int, Tensor, Tensor>? onStep = null, DType dtype = DType.Float32, Tensor? start = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("GaussianDiffusion.SampleDdim: needs at least one step");
        for (int i = 0; i < steps.Count; i++)
            if (steps[i] < 0 || steps[i] >= Steps || (i > 0 && steps[i] <= steps[i - 1]))
                throw new ArgumentException($"GaussianDiffusion.SampleDdim: steps must be strictly increasing within [0, {Steps - 1}], got {steps[i]} at position {i}");
        if (!(eta >= 0)) throw new ArgumentOutOfRangeException(nameof(eta), $"GaussianDiffusion.SampleDdim: η must be ≥ 0, got {eta}");
        using var _ = GradMode.NoGrad();
        var x = start ?? Tensor.Randn(shape, dtype, generator);
        if (start is not null && !start.ShapeToArray().SequenceEqual(shape))
            throw new ArgumentException($"GaussianDiffusion.SampleDdim: start shape {ShapeUtil.Format(start.ShapeArray)} differs from {ShapeUtil.Format(shape)}");
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            using var scope = new TensorScope();
            int t = steps[i];
            double ab = Schedule.AlphaBar(t), abPrev = i == 0 ? 1.0 : Schedule.AlphaBar(steps[i - 1]);
            var (x0, eps) = Denoised(x, t, model(x, Tensor.Full([shape[0]], t, DType.Int64)), clipDenoised);
            double sigma = eta * Math.Sqrt((1 - abPrev) / (1 - ab)) * Math.Sqrt(1 - ab / abPrev);
            double dirCoef = Math.Sqrt(Math.Max(0, 1 - abPrev - sigma * sigma));
            var next = x0 * Math.Sqrt(abPrev) + eps * dirCoef;
            if (sigma > 0) next = next + Tensor.Randn(shape, dtype, generator) * sigma;
            onStep?.Invoke(t, next, x0);
            x = TensorScope.Keep(next);
        }
        return x;
    }

    /// <summary>x̂_0 from ε at step t; with clipping, x̂_0 clamped to [−1, 1] and ε re-derived from it.</summary>
    private (Tensor x0, Tensor eps) Denoised(Tensor xt, int t, Tensor eps, bool clip)
    {
        if (!xt.ShapeToArray().SequenceEqual(eps.ShapeToArray()))
            throw new ArgumentException($"GaussianDiffusion: the model returned {ShapeUtil.Format(eps.ShapeArray)} for input {ShapeUtil.Format(xt.ShapeArray)}; an ε-predictor must keep the shape");
        var x0 = PredictX0(xt, t, eps);
        if (!clip) return (x0, eps);
        x0 = x0.Clamp(-1, 1);
        double ab = Schedule.AlphaBar(t);
        return (x0, (xt - x0 * Math.Sqrt(ab)) * (1 / Math.Sqrt(1 - ab)));
    }

    private void CheckBatch(Tensor x, Tensor timesteps, string op)
    {
        if (x.NDim < 1 || timesteps.NDim != 1 || timesteps.Size(0) != x.Size(0))
            throw new ArgumentException($"GaussianDiffusion.{op}: expected steps of shape [N] for x of shape [N, ...], got {ShapeUtil.Format(timesteps.ShapeArray)} and {ShapeUtil.Format(x.ShapeArray)}");
    }

    private int[] CheckedSteps(Tensor timesteps, string op)
    {
        var d = timesteps.ToDoubleArray();
        var r = new int[d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            if (!(d[i] >= 0 && d[i] < Steps && d[i] == Math.Floor(d[i])))
                throw new ArgumentException($"GaussianDiffusion.{op}: step {d[i]} at position {i} is not an integer in [0, {Steps - 1}]");
            r[i] = (int)d[i];
        }
        return r;
    }

    /// <summary>A per-example coefficient as an [N, 1, …, 1] tensor of <paramref name="like"/>'s dtype and rank.</summary>
    private static Tensor PerExample(double[] v, Tensor like)
    {
        var shape = new int[like.NDim];
        Array.Fill(shape, 1);
        shape[0] = v.Length;
        return Tensor.FromArray(v, shape).To(like.DType);
    }
}
