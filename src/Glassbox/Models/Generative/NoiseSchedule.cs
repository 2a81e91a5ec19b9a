namespace Glassbox.Models.Generative;

/// <summary>
/// The variance schedule β_1 … β_T of a Gaussian diffusion and every quantity the forward process, the loss and the
/// samplers derive from it, precomputed in float64. Index <c>t</c> here is 0-based: entry t is the paper's step t + 1.
/// </summary>
/// <remarks>
/// <para><b>Forward process</b> (Ho, Jain &amp; Abbeel 2020): q(x_t | x_{t−1}) = N(√α_t·x_{t−1}, β_t·I) with α_t = 1 − β_t.
/// Composing t such steps gives the closed form q(x_t | x_0) = N(√ᾱ_t·x_0, (1 − ᾱ_t)·I), ᾱ_t = Π_{s≤t} α_s, so a
/// training example at any t is one Gaussian draw: x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε.</para>
/// <para><b>Posterior</b> q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t·I) — the product of the Gaussians q(x_t | x_{t−1}) and
/// q(x_{t−1} | x_0), normalised — with β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) and
/// μ̃_t = [β_t·√ᾱ_{t−1}/(1 − ᾱ_t)]·x_0 + [(1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t)]·x_t (the two brackets are
/// <see cref="PosteriorMeanCoefX0"/> and <see cref="PosteriorMeanCoefXt"/>). At the first step ᾱ_{t−1} is the empty
/// product 1, so β̃ = 0 and μ̃ = x_0: the last denoising step is deterministic.</para>
/// <para><b>Schedules.</b> <see cref="Linear"/>: Ho et al.'s β rising linearly from 1e-4 to 0.02 over T = 1000 steps;
/// ᾱ_T ≈ 4e-5, so x_T is pure noise to within the data's signal √ᾱ_T ≈ 0.006. <see cref="Cosine"/> (Nichol &amp;
/// Dhariwal 2021): ᾱ_t = f(t)/f(0), f(t) = cos²(π/2·(t/T + s)/(1 + s)), s = 0.008, which destroys information more
/// evenly over t — the linear schedule leaves the last quarter of its steps at almost pure noise — with
/// β_t = 1 − ᾱ_t/ᾱ_{t−1} clipped at 0.999 so the last steps do not divide by ᾱ ≈ 0. ᾱ is then recomputed from the
/// clipped β, so every quantity here is consistent with the β actually used (the reference implementation's order).</para>
/// </remarks>
public sealed class NoiseSchedule
{
    private readonly double[] betas, alphaBars;

    /// <summary>Builds the derived quantities from explicit β values (each in (0, 1)).</summary>
    /// <exception cref="ArgumentException">An empty schedule or a β outside (0, 1).</exception>
    public NoiseSchedule(IReadOnlyList<double> betas, string name = "custom")
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Count == 0) throw new ArgumentException("NoiseSchedule: needs at least one step");
        this.betas = new double[betas.Count];
        alphaBars = new double[betas.Count];
        double prod = 1;
        for (int t = 0; t < betas.Count; t++)
        {
            double b = betas[t];
            if (!(b > 0 && b < 1)) throw new ArgumentException($"NoiseSchedule: β at step {t} must lie in (0, 1), got {b}");
            this.betas[t] = b;
            prod *= 1 - b;
            alphaBars[t] = prod;
        }
        Name = name;
    }

    /// <summary>Ho et al.'s linear schedule: β_t evenly spaced from <paramref name="betaStart"/> to <paramref name="betaEnd"/> over <paramref name="steps"/> steps.</summary>
    public static NoiseSchedule Linear(int steps = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"NoiseSchedule.Linear: steps must be positive, got {steps}");
        var b = new double[steps];
        for (int t = 0; t < steps; t++) b[t] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (steps - 1);
        return new NoiseSchedule(b, "linear");
    }

    /// <summary>Nichol &amp; Dhariwal's cosine schedule (offset <paramref name="s"/>, β clipped at <paramref name="maxBeta"/>); see the class remarks.</summary>
    public static NoiseSchedule Cosine(int steps = 1000, double s = 0.008, double maxBeta = 0.999)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"NoiseSchedule.Cosine: steps must be positive, got {steps}");
        double F(double t) { double c = Math.Cos((t / steps + s) / (1 + s) * Math.PI / 2); return c * c; }
        var b = new double[steps];
        for (int t = 0; t < steps; t++) b[t] = Math.Min(1 - F(t + 1) / F(t), maxBeta);
        return new NoiseSchedule(b, "cosine");
    }

    /// <summary>"linear", "cosine" or "custom".</summary>
    public string Name { get; }

    /// <summary>Number of diffusion steps T.</summary>
    public int Steps => betas.Length;

    /// <summary>β_t.</summary>
    public double Beta(int t) => betas[t];

    /// <summary>α_t = 1 − β_t.</summary>
    public double Alpha(int t) => 1 - betas[t];

    /// <summary>ᾱ_t = Π_{s≤t} α_s; the signal fraction of variance kept at step t.</summary>
    public double AlphaBar(int t) => alphaBars[t];

    /// <summary>ᾱ_{t−1}, with the empty product 1 before the first step (t = 0), which is what every formula needs there.</summary>
    public double AlphaBarPrevious(int t) => t == 0 ? 1.0 : alphaBars[t - 1];

    /// <summary>β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t), the variance of q(x_{t−1} | x_t, x_0); 0 at t = 0.</summary>
    public double PosteriorVariance(int t) => betas[t] * (1 - AlphaBarPrevious(t)) / (1 - alphaBars[t]);

    /// <summary>The x_0 coefficient of the posterior mean μ̃_t: β_t·√ᾱ_{t−1}/(1 − ᾱ_t).</summary>
    public double PosteriorMeanCoefX0(int t) => betas[t] * Math.Sqrt(AlphaBarPrevious(t)) / (1 - alphaBars[t]);

    /// <summary>The x_t coefficient of the posterior mean μ̃_t: (1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t).</summary>
    public double PosteriorMeanCoefXt(int t) => (1 - AlphaBarPrevious(t)) * Math.Sqrt(1 - betas[t]) / (1 - alphaBars[t]);

    /// <summary>A copy of all β_t.</summary>
    public double[] Betas() => (double[])betas.Clone();

    /// <summary>A copy of all ᾱ_t.</summary>
    public double[] AlphaBars() => (double[])alphaBars.Clone();

    /// <summary>
    /// <paramref name="count"/> steps spread evenly over 0 … T−1, always including both ends, in increasing order:
    /// round(i·(T−1)/(count−1)). Including T−1 makes every subsequence start from (almost) pure noise; including 0 makes
    /// it end with the deterministic x_0 prediction. count = T gives every step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">count outside [1, T].</exception>
    public int[] EvenlySpacedSteps(int count)
    {
        if (count < 1 || count > Steps)
            throw new ArgumentOutOfRangeException(nameof(count), $"NoiseSchedule.EvenlySpacedSteps: count must lie in [1, {Steps}], got {count}");
        if (count == 1) return [Steps - 1];
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = (int)Math.Round((double)i * (Steps - 1) / (count - 1), MidpointRounding.AwayFromZero);
        return r;
    }

    /// <inheritdoc/>
    public override string ToString() => $"NoiseSchedule({Name}, T={Steps}, β₁={betas[0]:G4}, β_T={betas[^1]:G4}, ᾱ_T={alphaBars[^1]:G4})";
}
