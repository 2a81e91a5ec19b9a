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
    // The anneal points, indexed by the phases below: lr 0 = initial (maxLr/divFactor), 1 = max, 2 = min
    // (initial/finalDivFactor); momentum 0 = maxMomentum, 1 = baseMomentum. PyTorch keeps them in each group as
    // "initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"; here the schedule owns them.
    private readonly double[] lrPoints, momentumPoints;
    private readonly (double End, int StartLr, int EndLr, int StartMom, int EndMom)[] phases;

    /// <summary>Creates the schedule, sets each group's lr to maxLr/divFactor (and momentum to maxMomentum), and applies step 0.</summary>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25.0,
        double finalDivFactor = 1e4, bool threePhase = false) : base(optimizer, initialStep: false)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), $"OneCycleLR: totalSteps must be positive, got {totalSteps}");
        if (!(pctStart >= 0 && pctStart <= 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), $"OneCycleLR: pctStart must be in [0, 1], got {pctStart}");
        if (!Enum.IsDefined(annealStrategy)) throw new ArgumentException($"OneCycleLR: annealStrategy must be Cos or Linear, got {annealStrategy}");
        this.totalSteps = totalSteps;
        cosine = annealStrategy == AnnealStrategy.Cos;
        this.cycleMomentum = cycleMomentum;
        const int Initial = 0, Max = 1, Min = 2, MaxMom = 0, BaseMom = 1;
        phases = threePhase
            ? [(pctStart * totalSteps - 1, Initial, Max, MaxMom, BaseMom),
               (2 * pctStart * totalSteps - 2, Max, Initial, BaseMom, MaxMom),
               (totalSteps - 1, Initial, Min, MaxMom, MaxMom)]
            : [(pctStart * totalSteps - 1, Initial, Max, MaxMom, BaseMom),
               (totalSteps - 1, Max, Min, BaseMom, MaxMom)];
        double initial = maxLr / divFactor;
        lrPoints = [initial, maxLr, initial / finalDivFactor];
        momentumPoints = [maxMomentum, baseMomentum];
        foreach (var g in optimizer.ParamGroups)
        {
            g.InitialLr = initial;
            g.Lr = initial;
        }
        if (cycleMomentum)
            foreach (var g in optimizer.ParamGroups)
            {
                if (g.Options is not IMomentumOptions m)
                    throw new ArgumentException($"OneCycleLR: optimizer must support momentum (its options, {g.Options.GetType().Name}, have no momentum or beta1) with cycleMomentum enabled");
                g.SetUnchecked(m.WithMomentum(maxMomentum));
            }
        BaseLrs = optimizer.ParamGroups.Select(g => g.InitialLr!.Value).ToArray();
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
                    lrs[i] = Anneal(lrPoints[ph.StartLr], lrPoints[ph.EndLr], pct);
                    if (cycleMomentum) g.SetUnchecked(((IMomentumOptions)g.Options).WithMomentum(Anneal(momentumPoints[ph.StartMom], momentumPoints[ph.EndMom], pct)));
                    break;
                }
                start = ph.End;
            }
        }
        return lrs;
    }
}
