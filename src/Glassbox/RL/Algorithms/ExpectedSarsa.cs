namespace Glassbox.RL.Algorithms;

/// <summary>
/// Expected SARSA (Sutton &amp; Barto, §6.6): SARSA with the sampled next action replaced by its expectation under
/// the ε-greedy policy,
/// <code>
/// Q(S, A) ← Q(S, A) + α [ R + γ Σ_a π(a|S′) Q(S′, a) − Q(S, A) ]      (R alone when S′ is terminal)
/// π(a|s) = ε/|A| + (1 − ε)/k · [a is one of the k greedy actions]
/// </code>
/// Removing the variance of A′ lets it use larger step sizes than SARSA (α = 1 is fine on the deterministic cliff
/// walk); with ε = 0 in the target it would be Q-learning.
/// </summary>
/// <remarks>On truncation the target still bootstraps from S′, and the episode ends.</remarks>
public static class ExpectedSarsa
{
    /// <summary>Runs expected SARSA on <paramref name="env"/> for <see cref="TabularControlOptions.Episodes"/> episodes.</summary>
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options) =>
        TabularLearner.RunOneStepTd(nameof(ExpectedSarsa), env, options, (l, s, epsilon) => l.ExpectedQ(s, epsilon));
}
