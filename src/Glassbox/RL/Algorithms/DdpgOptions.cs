namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Ddpg"/>, defaulting to CleanRL's <c>ddpg_continuous_action.py</c> (Lillicrap et al. 2016,
/// with CleanRL's simplifications: Gaussian instead of Ornstein-Uhlenbeck exploration noise, no batch normalisation, one
/// learning rate for actor and critic, and TD3's delayed actor update).
/// </summary>
public sealed record DdpgOptions
{
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Target smoothing coefficient τ (0.005).</summary>
    public double Tau { get; init; } = 0.005;
    /// <summary>Minibatch size (256).</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>
    /// Environment steps of uniformly random actions before learning (CleanRL: 25,000, tuned for 1M-step MuJoCo runs;
    /// a 50k-step Pendulum budget wants a smaller value, e.g. 5,000, so that 90% of the budget is learning).
    /// </summary>
    public int LearningStarts { get; init; } = 25000;
    /// <summary>Adam learning rate of both actor and critic (3e-4).</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Standard deviation of the Gaussian exploration noise, as a fraction of the action half-range (0.1).</summary>
    public double ExplorationNoise { get; init; } = 0.1;
    /// <summary>The actor and the targets are updated every this many critic updates (2).</summary>
    public int PolicyFrequency { get; init; } = 2;
    /// <summary>Width of the two hidden layers of actor and critic (256).</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentException($"DdpgOptions: Gamma must be in [0, 1], got {Gamma}");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentException($"DdpgOptions: Tau must be in (0, 1], got {Tau}");
        if (BatchSize <= 0) throw new ArgumentException($"DdpgOptions: BatchSize must be positive, got {BatchSize}");
        if (LearningStarts < 0) throw new ArgumentException($"DdpgOptions: LearningStarts must be non-negative, got {LearningStarts}");
        if (!(LearningRate > 0)) throw new ArgumentException($"DdpgOptions: LearningRate must be positive, got {LearningRate}");
        if (!(ExplorationNoise >= 0)) throw new ArgumentException($"DdpgOptions: ExplorationNoise must be non-negative, got {ExplorationNoise}");
        if (PolicyFrequency <= 0) throw new ArgumentException($"DdpgOptions: PolicyFrequency must be positive, got {PolicyFrequency}");
        if (Hidden <= 0) throw new ArgumentException($"DdpgOptions: Hidden must be positive, got {Hidden}");
    }
}
