namespace Glassbox.Optim.Schedulers;

/// <summary>Multiplies the lr by γ every epoch (<c>torch.optim.lr_scheduler.ExponentialLR</c>): lr_t = lr₀·γᵗ, applied recursively.</summary>
public sealed class ExponentialLR : LRScheduler
{
    private readonly double gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer, initialStep: false)
    {
        this.gamma = gamma;
        Step();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
        => Enumerable.Range(0, Groups).Select(i => LastEpoch == 0 ? GroupLr(i) : GroupLr(i) * gamma).ToArray();
}
