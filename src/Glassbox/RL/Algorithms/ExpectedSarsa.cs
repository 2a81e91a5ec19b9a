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
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options)
    {
        var learner = new TabularLearner(nameof(ExpectedSarsa), env, options);
        var returns = new double[options.Episodes];
        var lengths = new int[options.Episodes];
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            double epsilon = options.Epsilon.ValueAt(episode), total = 0;
            int state = env.Reset(episode == 0 ? (long)options.Seed : null).Observation, steps = 0;
            while (true)
            {
                int action = learner.Act(state, epsilon);
                var step = env.Step(action);
                steps++;
                total += step.Reward;
                double target = step.Terminated ? step.Reward : step.Reward + options.Gamma * learner.ExpectedQ(step.Observation, epsilon);
                learner.Update(state, action, target, options.Alpha, episode);
                if (step.Terminated || step.Truncated || steps == options.MaxStepsPerEpisode) break;
                state = step.Observation;
            }
            returns[episode] = total;
            lengths[episode] = steps;
        }
        return new TabularControlResult(learner.Q, returns, lengths);
    }
}
