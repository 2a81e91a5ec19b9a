using Glassbox.RL.Seeding;
using Glassbox.RL.Spaces;

namespace Glassbox.RL.Algorithms;

/// <summary>
/// The state every tabular control method carries: Q[s, a], the update counts n(s, a), the learner's random
/// generator and the ε-greedy behaviour policy over Q.
/// </summary>
/// <remarks>
/// Greedy choices break ties uniformly at random. With Q initialised to a constant every action ties at first, and
/// a fixed "lowest index wins" rule would send every early episode the same way (on the cliff walk, always up
/// against the wall), which is not the method the textbook describes.
/// </remarks>
internal sealed class TabularLearner
{
    public readonly double[,] Q;
    private readonly int[,] visits;
    public readonly int States, Actions;
    private readonly NumpyGenerator rng;
    private readonly int[] ties;

    public TabularLearner(string who, IEnv<int, int> env, TabularControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Check(who);
        States = DiscreteSize(who, env, env.ObservationSpace, "observation");
        Actions = DiscreteSize(who, env, env.ActionSpace, "action");
        Q = new double[States, Actions];
        if (options.InitialQ != 0) for (int s = 0; s < States; s++) for (int a = 0; a < Actions; a++) Q[s, a] = options.InitialQ;
        visits = new int[States, Actions];
        ties = new int[Actions];
        // A stream of its own: seeded like the environment, the learner would replay the environment's own draws.
        rng = new NumpyGenerator(options.Seed ^ 0x9E3779B97F4A7C15UL);
    }

    private static int DiscreteSize(string who, IEnv<int, int> env, Space<int> space, string what) =>
        space is Discrete d && d.Start == 0 ? d.N
        : throw new ArgumentException($"{who}: {env.Id}'s {what} space must be Discrete(n) starting at 0 for a table, got {space}", nameof(env));

    /// <summary>An ε-greedy action in <paramref name="state"/>: uniform with probability ε, else greedy (random among ties).</summary>
    public int Act(int state, double epsilon)
    {
        if (epsilon > 0 && rng.Random() < epsilon) return (int)rng.Integers(0, Actions);
        int count = GreedyTies(state);
        return count == 1 ? ties[0] : ties[(int)rng.Integers(0, count)];
    }

    /// <summary>Fills <see cref="ties"/> with the actions of maximal Q in <paramref name="state"/> and returns how many.</summary>
    private int GreedyTies(int state)
    {
        double best = double.NegativeInfinity;
        int count = 0;
        for (int a = 0; a < Actions; a++)
        {
            double q = Q[state, a];
            if (q > best) { best = q; ties[0] = a; count = 1; }
            else if (q == best) ties[count++] = a;
        }
        return count;
    }

    /// <summary>max_a Q(s, a).</summary>
    public double MaxQ(int state)
    {
        double best = double.NegativeInfinity;
        for (int a = 0; a < Actions; a++) best = Math.Max(best, Q[state, a]);
        return best;
    }

    /// <summary>
    /// Σ_a π(a|s) Q(s, a) under the ε-greedy policy that <see cref="Act"/> follows: ε/|A| on every action plus
    /// (1 − ε)/k on each of the k tied greedy actions.
    /// </summary>
    public double ExpectedQ(int state, double epsilon)
    {
        int count = GreedyTies(state);
        double sum = 0, greedy = 0;
        for (int a = 0; a < Actions; a++) sum += Q[state, a];
        for (int i = 0; i < count; i++) greedy += Q[state, ties[i]];
        return epsilon / Actions * sum + (1 - epsilon) / count * greedy;
    }

    /// <summary>Q(s, a) ← Q(s, a) + α (target − Q(s, a)), with α from the step-size rule and the pair's update count.</summary>
    public void Update(int state, int action, double target, StepSize alpha, int episode)
    {
        int n = ++visits[state, action];
        Q[state, action] += alpha.ValueAt(episode, n) * (target - Q[state, action]);
    }

    /// <summary>
    /// The episode loop of the one-step TD methods whose target does not depend on the next action taken
    /// (Q-learning, expected SARSA): act ε-greedily, then Q(S, A) ← Q(S, A) + α [R + γ·v(S′, ε) − Q(S, A)], with R alone
    /// when S′ is terminal; <paramref name="nextValue"/> is the method's v (max or ε-greedy expectation over Q(S′, ·)).
    /// On truncation the target still bootstraps from S′, and the episode ends.
    /// </summary>
    public static TabularControlResult RunOneStepTd(string who, IEnv<int, int> env, TabularControlOptions options, Func<TabularLearner, int, double, double> nextValue)
    {
        var learner = new TabularLearner(who, env, options);
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
                double target = step.Terminated ? step.Reward : step.Reward + options.Gamma * nextValue(learner, step.Observation, epsilon);
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
