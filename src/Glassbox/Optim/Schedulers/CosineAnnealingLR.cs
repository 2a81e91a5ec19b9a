namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter, 2017, SGDR without restarts; <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>):
/// lr_t = η_min + (lr₀ − η_min)·(1 + cos(π·t/T_max))/2.
/// </summary>
/// <remarks>
/// This uses the closed form (PyTorch's <c>_get_closed_form_lr</c>). PyTorch's <c>step()</c> uses a recursive
/// form, lr_t = η_min + (lr_{t−1} − η_min)·(1 + cos(πt/T))/(1 + cos(π(t−1)/T)), which is algebraically the same
/// when nothing else changes the lr (the two agree to ~1e-16 in double), but the recursive form follows
/// external edits of the lr (chaining) while the closed form ignores them. Past T_max both continue along
/// the cosine (the lr rises again), as in PyTorch.
/// </remarks>
public sealed class CosineAnnealingLR : LRScheduler
{
    private readonly int tMax;
    private readonly double etaMin;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer, initialStep: false)
    {
        if (tMax <= 0) throw new ArgumentOutOfRangeException(nameof(tMax), $"CosineAnnealingLR: tMax must be positive, got {tMax}");
        this.tMax = tMax;
        this.etaMin = etaMin;
        Step();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
        => BaseLrs.Select(b => etaMin + (b - etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / tMax)) / 2).ToArray();
}
