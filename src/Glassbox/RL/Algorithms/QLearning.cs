namespace Glassbox.RL.Algorithms;

/// <summary>
/// Q-learning (Watkins 1989; Sutton &amp; Barto, §6.5): off-policy TD control,
/// <code>
/// Q(S, A) ← Q(S, A) + α [ R + γ max_a Q(S′, a) − Q(S, A) ]      (R alone when S′ is terminal)
/// </code>
/// with A chosen ε-greedily. The target is the greedy policy's value whatever the behaviour did, so Q approaches q*
/// directly (for every pair visited infinitely often, with Robbins–Monro step sizes). On the cliff walk that is the
/// shortest path along the edge — and because the agent keeps exploring while it walks that path, it falls off now
/// and then, so its online return is lower than SARSA's although its greedy policy is the better one.
/// </summary>
/// <remarks>On truncation the target still bootstraps from S′, and the episode ends.</remarks>
public static class QLearning
{
    /// <summary>Runs Q-learning on <paramref name="env"/> for <see cref="TabularControlOptions.Episodes"/> episodes.</summary>
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options) =>
        TabularLearner.RunOneStepTd(nameof(QLearning), env, options, (l, s, _) => l.MaxQ(s));
}
