namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Multiplies the lr by γ at each milestone epoch (<c>torch.optim.lr_scheduler.MultiStepLR</c>); a
/// milestone listed k times multiplies by γᵏ.
/// </summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] milestones;
    private readonly double gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer, initialStep: false)
    {
        this.milestones = milestones.ToArray();
        this.gamma = gamma;
        Step();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
    {
        int count = milestones.Count(m => m == LastEpoch);
        return Enumerable.Range(0, Groups).Select(i => count == 0 ? GroupLr(i) : GroupLr(i) * Math.Pow(gamma, count)).ToArray();
    }
}
