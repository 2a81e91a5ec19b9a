namespace Glassbox.Optim.Schedulers;

/// <summary>
/// The 1cycle policy (Smith &amp; Topin, 2018; <c>torch.optim.lr_scheduler.OneCycleLR</c>): the lr rises from
/// maxLr/divFactor to maxLr over the first pctStart of the steps, then anneals to
/// maxLr/(divFactor·finalDivFactor); momentum (or Adam's β₁) moves inversely between maxMomentum and baseMomentum.
/// </summary>
/// <remarks>
/// Phases, as PyTorch 1.13 defines them (T = totalSteps, p = pctStart; each phase anneals from its start
/// value to its end value as pct = (t − start)/(end − start) goes 0 → 1):
/// two-phase: [0, pT − 1]: initial → max; [pT − 1, T − 1]: max → min.
/// three-phase: [0, pT − 1]: initial → max; [pT − 1, 2pT − 2]: max → initial; [2pT − 2, T − 1]: initial → min.
/// Cosine annealing is end + (start − end)·(1 + cos(π·pct))/2; linear is start + pct·(end − start).
/// Stepping past T throws, as in PyTorch.
/// </remarks>
public sealed class OneCycleLR : LRScheduler
{
    private readonly int totalSteps;
    private readonly bool cosine, cycleMomentum;
    private readonly string? momentumKey;
    private readonly (double End, string StartLr, string EndLr, string StartMom, string EndMom)[] phases;

    /// <summary>Creates the schedule, sets each group's lr to maxLr/divFactor (and momentum to maxMomentum), and applies step 0.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3, string annealStrategy = "cos",
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25.0,
        double finalDivFactor = 1e4, bool threePhase = false) : base(optimizer, initialStep: false)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), $"OneCycleLR: totalSteps must be positive, got {totalSteps}");
        if (!(pctStart >= 0 && pctStart <= 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), $"OneCycleLR: pctStart must be in [0, 1], got {pctStart}");
        if (annealStrategy is not ("cos" or "linear")) throw new ArgumentException($"OneCycleLR: annealStrategy must be 'cos' or 'linear', got '{annealStrategy}'");
        this.totalSteps = totalSteps;
        cosine = annealStrategy == "cos";
        this.cycleMomentum = cycleMomentum;
        phases = threePhase
            ? [(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
               (totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
            : [(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
               (totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")];
        foreach (var g in optimizer.ParamGroups)
        {
            double initial = maxLr / divFactor;
            g["initial_lr"] = initial;
            g["max_lr"] = maxLr;
            g["min_lr"] = initial / finalDivFactor;
            g.Lr = initial;
        }
        if (cycleMomentum)
        {
            var g0 = optimizer.ParamGroups[0];
            momentumKey = g0.Options.ContainsKey("momentum") ? "momentum" : g0.Options.ContainsKey("beta1") ? "beta1"
                : throw new ArgumentException("OneCycleLR: optimizer must support momentum (a 'momentum' or 'beta1' option) with cycleMomentum enabled");
            foreach (var g in optimizer.ParamGroups)
            {
                g[momentumKey] = maxMomentum;
                g["max_momentum"] = maxMomentum;
                g["base_momentum"] = baseMomentum;
            }
        }
        BaseLrs = optimizer.ParamGroups.Select(g => g["initial_lr"]).ToArray();
        Step();
    }

    private double Anneal(double start, double end, double pct)
        => cosine ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;

    /// <inheritdoc/>
    protected override double[] ComputeLr()
    {
        int t = LastEpoch;
        if (t > totalSteps)
            throw new InvalidOperationException($"OneCycleLR: tried to step {t} times; the specified number of total steps is {totalSteps}");
        var lrs = new double[Groups];
        for (int i = 0; i < Groups; i++)
        {
            var g = Optimizer.ParamGroups[i];
            double start = 0;
            for (int k = 0; k < phases.Length; k++)
            {
                var ph = phases[k];
                if (t <= ph.End || k == phases.Length - 1)
                {
                    double pct = (t - start) / (ph.End - start);
                    lrs[i] = Anneal(g[ph.StartLr], g[ph.EndLr], pct);
                    if (cycleMomentum) g[momentumKey!] = Anneal(g[ph.StartMom], g[ph.EndMom], pct);
                    break;
                }
                start = ph.End;
            }
        }
        return lrs;
    }
}
