namespace Glassbox.RL.Algorithms;

/// <summary>
/// On-policy first-visit Monte Carlo control for ε-soft policies (Sutton &amp; Barto, §5.4). Each episode is played
/// to its end with the ε-greedy policy of Q; then, walking it backwards with G ← γ G + R_{t+1},
/// <code>
/// Q(S_t, A_t) ← Q(S_t, A_t) + α [ G_t − Q(S_t, A_t) ]      only at the first visit of (S_t, A_t) in the episode
/// </code>
/// With <see cref="StepSize.SampleAverage"/> (α = 1/n) Q(s, a) is the plain mean of the first-visit returns, the
/// textbook form. The policy improves because it is ε-greedy in the updated Q at the next episode.
/// </summary>
/// <remarks>
/// No bootstrapping: targets are complete returns, unbiased but of high variance, and nothing is learned until an
/// episode ends — an environment whose random policy rarely finishes (the cliff walk without a time limit) needs
/// <see cref="TabularControlOptions.MaxStepsPerEpisode"/> or a time-limited environment. A truncated episode's
/// returns are used as they are (a truncated return underestimates; prefer limits long enough to matter rarely).
/// </remarks>
public static class MonteCarloControl
{
    /// <summary>Runs first-visit ε-soft Monte Carlo control on <paramref name="env"/>.</summary>
    public static TabularControlResult Learn(IEnv<int, int> env, TabularControlOptions options)
    {
        var learner = new TabularLearner(nameof(MonteCarloControl), env, options);
        var returns = new double[options.Episodes];
        var lengths = new int[options.Episodes];
        var states = new List<int>();
        var actions = new List<int>();
        var rewards = new List<double>();
        var firstVisit = new Dictionary<(int, int), int>();
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            double epsilon = options.Epsilon.ValueAt(episode), total = 0;
            states.Clear(); actions.Clear(); rewards.Clear(); firstVisit.Clear();
            int state = env.Reset(episode == 0 ? (long)options.Seed : null).Observation;
            while (true)
            {
                int action = learner.Act(state, epsilon);
                var step = env.Step(action);
                firstVisit.TryAdd((state, action), states.Count);
                states.Add(state); actions.Add(action); rewards.Add(step.Reward);
                total += step.Reward;
                if (step.Terminated || step.Truncated || states.Count == options.MaxStepsPerEpisode) break;
                state = step.Observation;
            }
            double g = 0;
            for (int t = states.Count - 1; t >= 0; t--)
            {
                g = options.Gamma * g + rewards[t];
                if (firstVisit[(states[t], actions[t])] == t) learner.Update(states[t], actions[t], g, options.Alpha, episode);
            }
            returns[episode] = total;
            lengths[episode] = states.Count;
        }
        return new TabularControlResult(learner.Q, returns, lengths);
    }
}
