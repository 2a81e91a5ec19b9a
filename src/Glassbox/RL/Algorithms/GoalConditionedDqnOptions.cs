namespace Glassbox.RL.Algorithms;

/// <summary>
/// Hyperparameters of <see cref="GoalConditionedDqn"/>, defaulting to the bit-flipping experiment of Andrychowicz et al.
/// (2017, appendix A): one hidden layer of 256 ReLU units, Adam at 1e-3, γ = 0.98, minibatch 128, ε-greedy with ε = 0.2,
/// and a target network averaged with coefficient 0.05 after every optimisation cycle.
/// </summary>
public sealed record GoalConditionedDqnOptions
{
    /// <summary>Hidden units of the single hidden layer (256).</summary>
    public int Hidden { get; init; } = 256;
    /// <summary>Adam learning rate (1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Discount γ (0.98).</summary>
    public double Gamma { get; init; } = 0.98;
    /// <summary>Polyak coefficient of <see cref="GoalConditionedDqn.UpdateTarget"/> (0.05).</summary>
    public double Tau { get; init; } = 0.05;
    /// <summary>Probability of a uniformly random action while collecting experience (0.2).</summary>
    public double Epsilon { get; init; } = 0.2;
    /// <summary>Minibatch size (128).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Hidden <= 0) throw new ArgumentException($"GoalConditionedDqnOptions: Hidden must be positive, got {Hidden}");
        if (!(LearningRate > 0)) throw new ArgumentException($"GoalConditionedDqnOptions: LearningRate must be positive, got {LearningRate}");
        if (!(Gamma >= 0 && Gamma < 1)) throw new ArgumentException($"GoalConditionedDqnOptions: Gamma must be in [0, 1), got {Gamma}");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentException($"GoalConditionedDqnOptions: Tau must be in (0, 1], got {Tau}");
        if (!(Epsilon >= 0 && Epsilon <= 1)) throw new ArgumentException($"GoalConditionedDqnOptions: Epsilon must be in [0, 1], got {Epsilon}");
        if (BatchSize <= 0) throw new ArgumentException($"GoalConditionedDqnOptions: BatchSize must be positive, got {BatchSize}");
    }
}
