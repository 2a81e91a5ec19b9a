namespace Glassbox.RL.Algorithms;

/// <summary>
/// SARSA (Sutton &amp; Barto, §6.4): on-policy TD control. After each step (S, A, R, S′) the next action A′ is chosen
/// by the same ε-greedy policy, and
/// <code>
/// Q(S, A) ← Q(S, A) + α [ R + γ Q(S′, A′) − Q(S, A) ]      (R alone when S′ is terminal)
/// </code>
/// then A′ is the action actually taken. Because the target uses the action the exploring policy really takes,
/// SARSA learns the value of ε-greedy behaviour itself; on the cliff walk that makes the edge path look dangerous
/// (an exploratory step falls off) and it learns the safer path further from the cliff.
/// </summary>
/// <remarks>
/// Bootstraps from the current estimate Q(S′, A′) instead of waiting for the episode's return: lower variance and
/// online updates, at the cost of bias from the estimate. On truncation (a time limit, not an end of the task) the
/// target still bootstraps from S′, and the episode ends.
/// </remarks>
public static class Sarsa
{
    /// <summary>Runs SARSA on <paramref name="env"/> for <see cref="TabularControlOptions.Episodes"/> episodes.</summary>
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options)
    {
        var learner = new TabularLearner(nameof(Sarsa), env, options);
        var returns = new double[options.Episodes];
        var lengths = new int[options.Episodes];
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            double epsilon = options.Epsilon.ValueAt(episode), total = 0;
            int state = env.Reset(episode == 0 ? (long)options.Seed : null).Observation, steps = 0;
            int action = learner.Act(state, epsilon);
            while (true)
            {
                var step = env.Step(action);
                steps++;
                total += step.Reward;
                bool cut = step.Truncated || steps == options.MaxStepsPerEpisode;
                int next = step.Observation;
                if (step.Terminated)
                {
                    learner.Update(state, action, step.Reward, options.Alpha, episode);
                    break;
                }
                int nextAction = learner.Act(next, epsilon);
                learner.Update(state, action, step.Reward + options.Gamma * learner.Q[next, nextAction], options.Alpha, episode);
                if (cut) break;
                state = next;
                action = nextAction;
            }
            returns[episode] = total;
            lengths[episode] = steps;
        }
        return new TabularControlResult(learner.Q, returns, lengths);
    }
}
