namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Linear warm-up followed by cosine decay to a floor — the usual transformer schedule (the shape of
/// Hugging Face's <c>get_cosine_schedule_with_warmup</c>, with a minimum lr). For step t:
/// <code>
/// t &lt; W:        lr = lr₀·t/W
/// W ≤ t &lt; T:    lr = lr_min + (lr₀ − lr_min)·(1 + cos(π·(t − W)/(T − W)))/2
/// t ≥ T:        lr = lr_min
/// </code>
/// W = warmupSteps, T = totalSteps. Note the lr is 0 at step 0 when W &gt; 0.
/// </summary>
public sealed class LinearWarmupCosine : LRScheduler
{
    private readonly int warmupSteps, totalSteps;
    private readonly double minLr;

    /// <summary>Creates the schedule and applies step 0.</summary>
    public LinearWarmupCosine(Optimizer optimizer, int warmupSteps, int totalSteps, double minLr = 0) : base(optimizer, initialStep: false)
    {
        if (warmupSteps < 0 || totalSteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), $"LinearWarmupCosine: need 0 <= warmupSteps < totalSteps, got warmupSteps={warmupSteps}, totalSteps={totalSteps}");
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLr = minLr;
        Step();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLr() => BaseLrs.Select(LrAt).ToArray();

    private double LrAt(double baseLr)
    {
        int t = LastEpoch;
        if (t < warmupSteps) return baseLr * t / warmupSteps;
        if (t >= totalSteps) return minLr;
        double progress = (double)(t - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + (baseLr - minLr) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
