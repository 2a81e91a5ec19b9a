namespace Glassbox.RL.Algorithms;

/// <summary>The regression loss of the DQN update.</summary>
public enum DqnLoss
{
    /// <summary>Mean squared TD error, CleanRL's <c>dqn.py</c> choice.</summary>
    Mse,
    /// <summary>Huber (smooth L1, δ = 1): quadratic for |TD error| ≤ 1, linear beyond, as in Mnih et al. (2015)'s error clipping.</summary>
    Huber,
}

/// <summary>
/// Hyperparameters of <see cref="Dqn"/>. The defaults are CleanRL's <c>dqn.py</c> for classic control, which reports
/// an episodic return of about 489 on CartPole-v1 after 500k steps.
/// </summary>
public sealed record DqnOptions
{
    /// <summary>Environment steps to train for (500,000).</summary>
    public long TotalTimesteps { get; init; } = 500_000;
    /// <summary>Adam learning rate (2.5e-4).</summary>
    public double LearningRate { get; init; } = 2.5e-4;
    /// <summary>Replay capacity (10,000 transitions).</summary>
    public int BufferSize { get; init; } = 10_000;
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Target-network mixing τ (1: a hard copy).</summary>
    public double Tau { get; init; } = 1.0;
    /// <summary>Steps between target-network updates (500).</summary>
    public int TargetNetworkFrequency { get; init; } = 500;
    /// <summary>Minibatch size (128).</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>ε at the start of training (1).</summary>
    public double StartEpsilon { get; init; } = 1.0;
    /// <summary>ε after the exploration phase (0.05).</summary>
    public double EndEpsilon { get; init; } = 0.05;
    /// <summary>Fraction of <see cref="TotalTimesteps"/> over which ε falls linearly (0.5).</summary>
    public double ExplorationFraction { get; init; } = 0.5;
    /// <summary>Steps of pure collection before the first update (10,000).</summary>
    public long LearningStarts { get; init; } = 10_000;
    /// <summary>Steps between gradient updates (10).</summary>
    public int TrainFrequency { get; init; } = 10;
    /// <summary>Regression loss (MSE, as CleanRL; <see cref="DqnLoss.Huber"/> as in the Nature DQN).</summary>
    public DqnLoss Loss { get; init; } = DqnLoss.Mse;
    /// <summary>Double DQN targets (van Hasselt et al., 2016): the online network picks a′, the target network scores it.</summary>
    public bool DoubleQ { get; init; }
    /// <summary>Dueling architecture (Wang et al., 2016) for the Q-network.</summary>
    public bool Dueling { get; init; }

    /// <summary>ε at <paramref name="step"/>: linear from start to end over ExplorationFraction·TotalTimesteps steps, then constant.</summary>
    public double Epsilon(long step)
    {
        double duration = ExplorationFraction * TotalTimesteps;
        if (duration <= 0) return EndEpsilon;
        double slope = (EndEpsilon - StartEpsilon) / duration;
        return Math.Max(slope * step + StartEpsilon, EndEpsilon);
    }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate(string who)
    {
        void Check(bool ok, string what) { if (!ok) throw new ArgumentOutOfRangeException(what, $"{who}: {what} is out of range"); }
        Check(TotalTimesteps >= 1, $"TotalTimesteps = {TotalTimesteps}");
        Check(BufferSize >= 1 && BatchSize >= 1, $"BufferSize = {BufferSize}, BatchSize = {BatchSize}");
        Check(TargetNetworkFrequency >= 1 && TrainFrequency >= 1, $"TargetNetworkFrequency = {TargetNetworkFrequency}, TrainFrequency = {TrainFrequency}");
        Check(Tau is > 0 and <= 1, $"Tau = {Tau}");
        Check(Gamma is >= 0 and <= 1, $"Gamma = {Gamma}");
        Check(LearningRate > 0, $"LearningRate = {LearningRate}");
        Check(StartEpsilon is >= 0 and <= 1 && EndEpsilon is >= 0 and <= 1, $"StartEpsilon = {StartEpsilon}, EndEpsilon = {EndEpsilon}");
        Check(LearningStarts >= 0, $"LearningStarts = {LearningStarts}");
    }
}
