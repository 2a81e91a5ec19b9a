namespace Glassbox.RL.Wrappers;

/// <summary>
/// Scales rewards by the running standard deviation of the discounted return (Gymnasium 1.x's
/// <c>NormalizeReward</c>): <c>G ← G·γ·(1 − terminated) + r</c>, the running variance σ² of G is updated, and the
/// reward is returned as <c>r / √(σ² + ε)</c>. The reward is scaled, not centred, so its sign is kept.
/// </summary>
/// <remarks>As in Gymnasium 1.x, only termination restarts the discounted return; a truncation carries it into the next
/// episode. Statistics update unless <see cref="UpdateRunningMean"/> is turned off.</remarks>
public sealed class NormalizeReward<TObs, TAct> : Wrapper<TObs, TAct>
{
    private readonly double gamma, epsilon;
    private double discountedReturn;

    /// <summary>Wraps <paramref name="inner"/> with discount <paramref name="gamma"/> (0.99) and <paramref name="epsilon"/> (1e-8).</summary>
    public NormalizeReward(IEnv<TObs, TAct> inner, double gamma = 0.99, double epsilon = 1e-8) : base(inner)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"NormalizeReward({inner.Id}): gamma must be in [0, 1], got {gamma}");
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    /// <summary>The running statistics of the discounted return (one coordinate).</summary>
    public RunningMeanStd Statistics { get; } = new(1);

    /// <summary>Whether rewards update the statistics (default true).</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <inheritdoc/>
    public override StepResult<TObs> Step(TAct action)
    {
        var r = Inner.Step(action);
        discountedReturn = discountedReturn * gamma * (r.Terminated ? 0 : 1) + r.Reward;
        if (UpdateRunningMean) Statistics.Update([discountedReturn]);
        return r with { Reward = r.Reward / Math.Sqrt(Statistics.Var[0] + epsilon) };
    }
}
