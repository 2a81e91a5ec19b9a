namespace Glassbox.Optim.Schedulers;

/// <summary>
/// Multiplies the lr by γ every <c>stepSize</c> epochs (<c>torch.optim.lr_scheduler.StepLR</c>):
/// lr_t = lr₀·γ^⌊t/stepSize⌋, applied recursively (×γ when t &gt; 0 and t mod stepSize = 0).
/// </summary>
public sealed class StepLR : LRScheduler
{
    private readonly int stepSize;
    private readonly double gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer, initialStep: false)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLR: stepSize must be positive, got {stepSize}");
        this.stepSize = stepSize;
        this.gamma = gamma;
        Step();
    }

    /// <inheritdoc/>
    protected override double[] ComputeLr()
        => Enumerable.Range(0, Groups).Select(i => LastEpoch == 0 || LastEpoch % stepSize != 0 ? GroupLr(i) : GroupLr(i) * gamma).ToArray();
}
