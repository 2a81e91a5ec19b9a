namespace Glassbox.Tuning;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio &amp; Kégl, "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), as Optuna's <c>TPESampler</c> runs it by default (univariate, independent per
/// parameter).
/// </summary>
/// <remarks>
/// <para><b>Idea.</b> Instead of modelling p(y | x), TPE splits the finished trials at a quantile of their values into
/// the good ones, "below", and the rest, "above", and models each group's parameter values with a density: l(x) from
/// the good trials and g(x) from the others. Bergstra et al. show that the expected improvement over the split value
/// is proportional to (γ + (1 − γ)·g(x)/l(x))⁻¹, so maximising EI means maximising l(x)/g(x): draw
/// <see cref="NEiCandidates"/> candidates from l and keep the one with the largest ln l(x) − ln g(x).</para>
/// <para><b>Steps per parameter.</b> (1) While fewer than <see cref="NStartupTrials"/> trials are Complete or Pruned,
/// sample as <see cref="RandomSampler"/> does. (2) Take the Complete and Pruned trials that have this parameter, ranked
/// best first: Complete trials by value (ascending when minimising, descending when maximising), then Pruned trials by
/// the latest step they reached (later first) and their value at it; the first n_below = γ(n) = min(⌈0.1·n⌉, 25) are
/// "below", the rest "above" (Optuna's default gamma; n = the number ranked). Running and Failed trials play no part.
/// (3) Weights in trial-number order: all 1 for fewer than 25 observations; for n ≥ 25 the oldest n − 25 get a
/// ramp from 1/n up to 1 (<c>linspace(1/n, 1, n − 25)</c>) and the newest 25 get 1 (Optuna's default_weights), so old
/// trials fade. (4) Fit <see cref="ParzenEstimator"/>s l and g with prior weight <see cref="PriorWeight"/> (its
/// remarks give the bandwidth rule: Optuna's with the "magic clip" σ_min = range / min(100, 1 + K)). (5) Draw the
/// candidates from l, score ln l − ln g, return the best (the first on ties).</para>
/// <para><b>Threads and seeds.</b> One lock covers the random draws; with one thread the same seed and the same
/// objective give the same trials. With several threads, trials see whatever finished before they sampled (Optuna's
/// behaviour without its constant liar), so results depend on timing.</para>
/// </remarks>
public sealed class TpeSampler : ISampler
{
    private readonly Random rng;
    private readonly RandomSampler startup;
    private readonly object gate = new();

    /// <summary>Creates the sampler with Optuna's defaults.</summary>
    /// <param name="nStartupTrials">Trials sampled at random before TPE starts (<c>n_startup_trials</c>, default 10).</param>
    /// <param name="nEiCandidates">Candidates drawn from l(x) per parameter (<c>n_ei_candidates</c>, default 24).</param>
    /// <param name="priorWeight">Weight of the prior kernel (<c>prior_weight</c>, default 1).</param>
    /// <param name="seed">Seed of the candidate draws and of the startup sampler; null draws one.</param>
    public TpeSampler(int nStartupTrials = 10, int nEiCandidates = 24, double priorWeight = 1.0, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nStartupTrials);
        ArgumentOutOfRangeException.ThrowIfLessThan(nEiCandidates, 1);
        if (!(priorWeight > 0)) throw new ArgumentOutOfRangeException(nameof(priorWeight), priorWeight, "TpeSampler: priorWeight must be > 0");
        NStartupTrials = nStartupTrials; NEiCandidates = nEiCandidates; PriorWeight = priorWeight; Seed = seed;
        rng = seed is int s ? new Random(s) : new Random();
        startup = new RandomSampler(seed);
    }

    /// <summary>Random trials before TPE starts.</summary>
    public int NStartupTrials { get; }

    /// <summary>Candidates drawn from l(x).</summary>
    public int NEiCandidates { get; }

    /// <summary>The prior kernel's weight.</summary>
    public double PriorWeight { get; }

    /// <summary>The seed, or null.</summary>
    public int? Seed { get; }

    /// <summary>γ(n) = min(⌈0.1·n⌉, 25): how many of n ranked trials are "below" (Optuna's <c>default_gamma</c>).</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>The observation weights in trial order (Optuna's <c>default_weights</c>; see the remarks).</summary>
    public static double[] DefaultWeights(int n)
    {
        if (n < 25) return Enumerable.Repeat(1.0, n).ToArray();
        var w = new double[n];
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (int i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        var history = study.GetTrials([TrialState.Complete, TrialState.Pruned]);
        if (history.Count < NStartupTrials) return startup.SampleIndependent(study, trial, name, distribution);
        var (below, above) = Split(history.Where(t => t.InternalParams.ContainsKey(name)).ToList(), study.Direction);
        var l = Fit(below, name, distribution);
        var g = Fit(above, name, distribution);
        double[] candidates;
        lock (gate) candidates = l.Sample(rng, NEiCandidates);
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates.Length; i++)
        {
            double score = l.LogPdf(candidates[i]) - g.LogPdf(candidates[i]);
            if (score > bestScore) { bestScore = score; best = i; }
        }
        return candidates[best];
    }

    /// <summary>
    /// Ranks <paramref name="trials"/> best first (see the remarks) and splits them into the first γ(n), "below", and
    /// the rest, "above"; each group is returned in trial-number order.
    /// </summary>
    public static (List<FrozenTrial> Below, List<FrozenTrial> Above) Split(IReadOnlyList<FrozenTrial> trials, StudyDirection direction)
    {
        double sign = direction == StudyDirection.Minimize ? 1 : -1;
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is double).OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number);
        var pruned = trials.Where(t => t.State == TrialState.Pruned)
            .OrderByDescending(t => t.LastStep ?? int.MinValue)
            .ThenBy(t => t.LastStep is int s && t.IntermediateAt(s) is double v && !double.IsNaN(v) ? sign * v : double.PositiveInfinity)
            .ThenBy(t => t.Number);
        var ranked = complete.Concat(pruned).ToList();
        int nBelow = Gamma(ranked.Count);
        return (ranked.Take(nBelow).OrderBy(t => t.Number).ToList(), ranked.Skip(nBelow).OrderBy(t => t.Number).ToList());
    }

    private ParzenEstimator Fit(List<FrozenTrial> group, string name, Distribution distribution) =>
        new(group.Select(t => t.InternalParams[name]).ToList(), DefaultWeights(group.Count), distribution, PriorWeight);
}
