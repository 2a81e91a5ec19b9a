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
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options)
    {
        var learner = new TabularLearner(nameof(QLearning), env, options);
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
                double target = step.Terminated ? step.Reward : step.Reward + options.Gamma * learner.MaxQ(step.Observation);
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
