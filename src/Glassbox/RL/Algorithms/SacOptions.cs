namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Sac"/>, defaulting to CleanRL's <c>sac_continuous_action.py</c> (which follows
/// Haarnoja et al. 2018b, "Soft Actor-Critic Algorithms and Applications").
/// </summary>
public sealed record SacOptions
{
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Target smoothing coefficient τ of the Polyak update (0.005).</summary>
    public double Tau { get; init; } = 0.005;
    /// <summary>Minibatch size sampled from the replay buffer (256).</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>
    /// Environment steps taken with uniformly random actions before learning starts (CleanRL: 5,000). The random
    /// phase fills the buffer with diverse data, so the first updates do not fit a handful of correlated transitions.
    /// </summary>
    public int LearningStarts { get; init; } = 5000;
    /// <summary>Adam learning rate of the policy (3e-4).</summary>
    public double PolicyLr { get; init; } = 3e-4;
    /// <summary>Adam learning rate of the twin critics, and of log α when <see cref="Autotune"/> (1e-3).</summary>
    public double QLr { get; init; } = 1e-3;
    /// <summary>
    /// The policy (and α) is updated every this many critic updates, then this many times in a row (2), so that policy
    /// and critic take the same number of steps overall — CleanRL's delayed update, borrowed from TD3.
    /// </summary>
    public int PolicyFrequency { get; init; } = 2;
    /// <summary>The target critics are Polyak-updated every this many critic updates (1).</summary>
    public int TargetNetworkFrequency { get; init; } = 1;
    /// <summary>Entropy coefficient α when <see cref="Autotune"/> is off (0.2).</summary>
    /// <remarks>With autotuning this value is unused: CleanRL starts from log α = 0 (α = 1), and so does <see cref="Sac"/>.</remarks>
    public double Alpha { get; init; } = 0.2;
    /// <summary>Tune α automatically towards the target entropy −|A| (true).</summary>
    public bool Autotune { get; init; } = true;
    /// <summary>Target entropy for autotuning; null means −|A| (the action dimension), the paper's heuristic.</summary>
    public double? TargetEntropy { get; init; }
    /// <summary>Width of the two hidden layers of actor and critics (256).</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentException($"SacOptions: Gamma must be in [0, 1], got {Gamma}");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentException($"SacOptions: Tau must be in (0, 1], got {Tau}");
        if (BatchSize <= 0) throw new ArgumentException($"SacOptions: BatchSize must be positive, got {BatchSize}");
        if (LearningStarts < 0) throw new ArgumentException($"SacOptions: LearningStarts must be non-negative, got {LearningStarts}");
        if (!(PolicyLr > 0) || !(QLr > 0)) throw new ArgumentException($"SacOptions: learning rates must be positive, got policy {PolicyLr}, q {QLr}");
        if (PolicyFrequency <= 0 || TargetNetworkFrequency <= 0) throw new ArgumentException($"SacOptions: frequencies must be positive, got policy {PolicyFrequency}, target {TargetNetworkFrequency}");
        if (!(Alpha >= 0)) throw new ArgumentException($"SacOptions: Alpha must be non-negative, got {Alpha}");
        if (Hidden <= 0) throw new ArgumentException($"SacOptions: Hidden must be positive, got {Hidden}");
    }
}
