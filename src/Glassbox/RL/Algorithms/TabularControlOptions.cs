namespace Glassbox.RL.Algorithms;

/// <summary>
/// Settings shared by the tabular control methods (<see cref="MonteCarloControl"/>, <see cref="Sarsa"/>,
/// <see cref="ExpectedSarsa"/>, <see cref="QLearning"/>). The defaults are Sutton &amp; Barto's Example 6.6
/// (the cliff walk): 500 episodes, γ = 1, ε = 0.1 and α = 0.5 throughout, Q initialised to 0.
/// </summary>
public sealed record TabularControlOptions
{
    /// <summary>Episodes to run.</summary>
    public int Episodes { get; init; } = 500;
    /// <summary>Discount factor γ in [0, 1].</summary>
    public double Gamma { get; init; } = 1.0;
    /// <summary>Exploration rate ε of the ε-greedy behaviour policy, per episode.</summary>
    public EpisodeSchedule Epsilon { get; init; } = EpisodeSchedule.Constant(0.1);
    /// <summary>Step size α. Monte Carlo control is usually run with <see cref="StepSize.SampleAverage"/>.</summary>
    public StepSize Alpha { get; init; } = StepSize.Constant(0.5);
    /// <summary>Initial value of every Q(s, a); optimistic values (above any return) drive exploration on their own.</summary>
    public double InitialQ { get; init; }
    /// <summary>
    /// Steps after which an episode is cut off (a time limit of the learner's own, for environments without one);
    /// null for none. A cut-off, like the environment's own truncation, is not termination: the TD methods still
    /// bootstrap from the last state.
    /// </summary>
    public int? MaxStepsPerEpisode { get; init; }
    /// <summary>
    /// Seed: the environment is reset with it before the first episode (and continues its own stream afterwards), and
    /// the learner's ε-greedy choices use a separate generator seeded from it. The same seed gives the same run.
    /// </summary>
    public ulong Seed { get; init; }

    internal void Check(string who)
    {
        if (Episodes < 1) throw new ArgumentOutOfRangeException(nameof(Episodes), $"{who}: Episodes must be positive, got {Episodes}");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), $"{who}: γ must lie in [0, 1], got {Gamma}");
        if (Epsilon is null || Alpha is null) throw new ArgumentNullException(Epsilon is null ? nameof(Epsilon) : nameof(Alpha), $"{who}: ε and α need schedules");
        if (MaxStepsPerEpisode is < 1) throw new ArgumentOutOfRangeException(nameof(MaxStepsPerEpisode), $"{who}: MaxStepsPerEpisode must be positive, got {MaxStepsPerEpisode}");
        if (Seed > long.MaxValue) throw new ArgumentOutOfRangeException(nameof(Seed), $"{who}: the seed must fit a non-negative long (environments take long seeds), got {Seed}");
    }
}

/// <summary>What a tabular control run learned and how it went.</summary>
/// <param name="Q">The action values Q[s, a] at the end.</param>
/// <param name="EpisodeReturns">The undiscounted sum of rewards of each episode, as it was collected (online, with exploration).</param>
/// <param name="EpisodeLengths">Steps of each episode.</param>
public sealed record TabularControlResult(double[,] Q, double[] EpisodeReturns, int[] EpisodeLengths)
{
    /// <summary>The greedy policy of <see cref="Q"/> (the lowest action on exact ties).</summary>
    public int[] GreedyPolicy() => TabularPolicy.Greedy(Q);

    /// <summary>Total environment steps.</summary>
    public long TotalSteps => EpisodeLengths.Sum(l => (long)l);
}
