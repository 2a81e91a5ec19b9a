using Glassbox.RL.Spaces;

namespace Glassbox.RL.Envs;

/// <summary>
/// A finite environment defined by its transition table — Gymnasium's toy-text <c>DiscreteEnv</c> pattern, with the
/// table public as an <see cref="IDiscreteModel"/> for dynamic programming. FrozenLake, CliffWalking, Taxi and
/// GridWorld derive from it.
/// </summary>
/// <remarks>
/// <para>Randomness, exactly as Gymnasium's toy-text environments draw it: <see cref="Env{TObs, TAct}.Reset"/>
/// picks the start state by <c>categorical_sample(initial_state_distrib)</c> — one <c>random()</c> draw, even when
/// only one start state has weight — and every step picks among the listed outcomes of (s, a) by one more
/// <c>categorical_sample</c>, even when there is a single outcome of probability 1. Keeping those draws keeps the
/// generator's stream, and so every later episode, identical to Gymnasium's.</para>
/// <para><c>info.prob</c> is the probability of the outcome taken (1 at reset). Observations are the state index.</para>
/// </remarks>
public abstract class ToyTextEnv : Env<int, int>, IDiscreteModel
{
    private readonly Transition[][][] table;
    private readonly double[][][] outcomeProbs;
    private readonly double[] initialDistribution;
    private readonly Discrete observationSpace, actionSpace;
    private int state = -1;

    /// <summary>Builds the environment from its table P[s][a] and start distribution.</summary>
    /// <param name="table">P[s][a]: the outcomes of each pair; probabilities must sum to 1 (within 1e-9).</param>
    /// <param name="initialDistribution">Weight of each start state, summing to 1.</param>
    protected ToyTextEnv(Transition[][][] table, double[] initialDistribution)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(initialDistribution);
        int n = table.Length;
        if (n == 0) throw new ArgumentException("ToyTextEnv: the table has no states", nameof(table));
        int nA = table[0].Length;
        if (initialDistribution.Length != n)
            throw new ArgumentException($"ToyTextEnv: {initialDistribution.Length} start weights for {n} states", nameof(initialDistribution));
        outcomeProbs = new double[n][][];
        for (int s = 0; s < n; s++)
        {
            if (table[s].Length != nA) throw new ArgumentException($"ToyTextEnv: state {s} has {table[s].Length} actions, state 0 has {nA}", nameof(table));
            outcomeProbs[s] = new double[nA][];
            for (int a = 0; a < nA; a++)
            {
                var outcomes = table[s][a];
                if (outcomes.Length == 0) throw new ArgumentException($"ToyTextEnv: (state {s}, action {a}) has no outcomes", nameof(table));
                double sum = 0;
                foreach (var t in outcomes)
                {
                    if ((uint)t.NextState >= (uint)n) throw new ArgumentException($"ToyTextEnv: (state {s}, action {a}) leads to state {t.NextState}, outside [0, {n})", nameof(table));
                    sum += t.Probability;
                }
                if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"ToyTextEnv: the outcomes of (state {s}, action {a}) have probabilities summing to {sum}", nameof(table));
                outcomeProbs[s][a] = outcomes.Select(t => t.Probability).ToArray();
            }
        }
        this.table = table;
        this.initialDistribution = initialDistribution;
        observationSpace = new Discrete(n);
        actionSpace = new Discrete(nA);
    }

    /// <inheritdoc/>
    public override Space<int> ObservationSpace => observationSpace;

    /// <inheritdoc/>
    public override Space<int> ActionSpace => actionSpace;

    /// <inheritdoc/>
    public int StateCount => table.Length;

    /// <inheritdoc/>
    public int ActionCount => table[0].Length;

    /// <inheritdoc/>
    public IReadOnlyList<Transition> Transitions(int state, int action)
    {
        if ((uint)state >= (uint)table.Length) throw new ArgumentOutOfRangeException(nameof(state), $"{Id}: state {state} is outside [0, {table.Length})");
        if ((uint)action >= (uint)ActionCount) throw new ArgumentOutOfRangeException(nameof(action), $"{Id}: action {action} is outside [0, {ActionCount})");
        return table[state][action];
    }

    /// <summary>The start-state distribution (a copy).</summary>
    public double[] InitialDistribution => (double[])initialDistribution.Clone();

    /// <summary>
    /// Whether every reward in the table is a whole number. Gymnasium's FrozenLake, CliffWalking and Taxi return
    /// rewards as Python ints; here every reward is a double, and this says the values are those ints.
    /// </summary>
    public bool IntegerRewards => table.All(byAction => byAction.All(outcomes => outcomes.All(t => t.Reward == Math.Round(t.Reward))));

    /// <summary>The current state (−1 before the first reset).</summary>
    public int State => state;

    /// <summary>The info returned with a state: <c>prob</c> only; Taxi adds its action mask.</summary>
    protected virtual EnvInfo InfoFor(int state, double probability) => new() { Prob = probability };

    /// <inheritdoc/>
    protected override ResetResult<int> ResetCore()
    {
        state = NpRandom.Categorical(initialDistribution);
        return new ResetResult<int>(state, InfoFor(state, 1.0));
    }

    /// <inheritdoc/>
    protected override StepResult<int> StepCore(int action)
    {
        int i = NpRandom.Categorical(outcomeProbs[state][action]);
        var t = table[state][action][i];
        state = t.NextState;
        return new StepResult<int>(t.NextState, t.Reward, t.Terminated, false, InfoFor(t.NextState, t.Probability));
    }
}
