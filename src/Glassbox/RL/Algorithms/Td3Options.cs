namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="Td3"/>, defaulting to CleanRL's <c>td3_continuous_action.py</c> (Fujimoto et al. 2018).
/// </summary>
public sealed record Td3Options
{
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Target smoothing coefficient τ (0.005).</summary>
    public double Tau { get; init; } = 0.005;
    /// <summary>Minibatch size (256).</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Environment steps of uniformly random actions before learning (CleanRL: 25,000; see <see cref="DdpgOptions.LearningStarts"/>).</summary>
    public int LearningStarts { get; init; } = 25000;
    /// <summary>Adam learning rate of actor and critics (3e-4).</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Standard deviation of the Gaussian exploration noise, as a fraction of the action half-range (0.1).</summary>
    public double ExplorationNoise { get; init; } = 0.1;
    /// <summary>Standard deviation of the target policy smoothing noise, as a fraction of the half-range (0.2).</summary>
    public double PolicyNoise { get; init; } = 0.2;
    /// <summary>The smoothing noise is clipped to ±this (before scaling by the half-range) (0.5).</summary>
    public double NoiseClip { get; init; } = 0.5;
    /// <summary>Policy delay d: the actor and the targets are updated every d critic updates (2).</summary>
    public int PolicyFrequency { get; init; } = 2;
    /// <summary>Width of the two hidden layers (256).</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentException($"Td3Options: Gamma must be in [0, 1], got {Gamma}");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentException($"Td3Options: Tau must be in (0, 1], got {Tau}");
        if (BatchSize <= 0) throw new ArgumentException($"Td3Options: BatchSize must be positive, got {BatchSize}");
        if (LearningStarts < 0) throw new ArgumentException($"Td3Options: LearningStarts must be non-negative, got {LearningStarts}");
        if (!(LearningRate > 0)) throw new ArgumentException($"Td3Options: LearningRate must be positive, got {LearningRate}");
        if (!(ExplorationNoise >= 0) || !(PolicyNoise >= 0) || !(NoiseClip >= 0))
            throw new ArgumentException($"Td3Options: noise levels must be non-negative, got exploration {ExplorationNoise}, policy {PolicyNoise}, clip {NoiseClip}");
        if (PolicyFrequency <= 0) throw new ArgumentException($"Td3Options: PolicyFrequency must be positive, got {PolicyFrequency}");
        if (Hidden <= 0) throw new ArgumentException($"Td3Options: Hidden must be positive, got {Hidden}");
    }
}
