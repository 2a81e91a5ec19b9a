namespace Glassbox.RL.Algorithms;

/// <summary>
/// Helpers shared by the dynamic-programming algorithms: policies as tables, the one-step Bellman backup on an
/// <see cref="IDiscreteModel"/>, and greedy policies.
/// </summary>
/// <remarks>
/// A stochastic policy is a [states, actions] table with π(a|s) in row s; a deterministic one is an array of
/// actions. Every backup treats a transition flagged <see cref="Transition.Terminated"/> as the end of the episode:
/// its next state contributes no future value, whatever that state's own entry in the table says. This is what
/// Gymnasium's toy-text <c>P</c> tables mean (FrozenLake's holes and goal, for example, keep self-loops that are
/// never taken after termination), and it makes a terminal state's value irrelevant rather than an extra unknown.
/// </remarks>
public static class TabularPolicy
{
    /// <summary>The one-hot [states, actions] table of a deterministic policy.</summary>
    public static double[,] ToTable(IReadOnlyList<int> actions, int actionCount)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var table = new double[actions.Count, actionCount];
        for (int s = 0; s < actions.Count; s++)
        {
            if ((uint)actions[s] >= (uint)actionCount)
                throw new ArgumentOutOfRangeException(nameof(actions), $"TabularPolicy.ToTable: state {s} has action {actions[s]}, outside [0, {actionCount})");
            table[s, actions[s]] = 1;
        }
        return table;
    }

    /// <summary>The uniformly random policy: π(a|s) = 1/|A| everywhere.</summary>
    public static double[,] Uniform(int stateCount, int actionCount)
    {
        var table = new double[stateCount, actionCount];
        for (int s = 0; s < stateCount; s++) for (int a = 0; a < actionCount; a++) table[s, a] = 1.0 / actionCount;
        return table;
    }

    /// <summary>
    /// q(s, a) = Σ p · (r + γ · v(s')) over the transitions of (s, a), with v(s') taken as 0 after a terminating
    /// transition. Summed in the order the model lists the transitions.
    /// </summary>
    public static double ActionValue(IDiscreteModel model, ReadOnlySpan<double> values, int state, int action, double gamma)
    {
        double q = 0;
        foreach (var t in model.Transitions(state, action))
            q += t.Probability * (t.Reward + (t.Terminated ? 0.0 : gamma * values[t.NextState]));
        return q;
    }

    /// <summary>The greedy policy of <paramref name="values"/>: argmax_a q(s, a), the lowest action on exact ties.</summary>
    public static int[] Greedy(IDiscreteModel model, ReadOnlySpan<double> values, double gamma)
    {
        var policy = new int[model.StateCount];
        for (int s = 0; s < policy.Length; s++) policy[s] = BestAction(model, values, s, gamma, out _);
        return policy;
    }

    /// <summary>argmax_a q(s, a) (the lowest action on exact ties) and the maximum itself.</summary>
    public static int BestAction(IDiscreteModel model, ReadOnlySpan<double> values, int state, double gamma, out double best)
    {
        int arg = 0;
        best = double.NegativeInfinity;
        for (int a = 0; a < model.ActionCount; a++)
        {
            double q = ActionValue(model, values, state, a, gamma);
            if (q > best) { best = q; arg = a; }
        }
        return arg;
    }

    /// <summary>The greedy action of each row of an action-value table (the lowest action on exact ties).</summary>
    public static int[] Greedy(double[,] q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var policy = new int[q.GetLength(0)];
        for (int s = 0; s < policy.Length; s++)
        {
            int arg = 0;
            for (int a = 1; a < q.GetLength(1); a++) if (q[s, a] > q[s, arg]) arg = a;
            policy[s] = arg;
        }
        return policy;
    }

    /// <summary>
    /// The states visited by following <paramref name="policy"/> from <paramref name="start"/>, taking each pair's
    /// most likely outcome (the first listed on ties) — the exact path on a deterministic model such as the cliff walk.
    /// Stops after a terminating transition (the final state is included), on returning to a state already on the path
    /// (a loop: the policy never arrives), or after <paramref name="maxSteps"/> steps.
    /// </summary>
    /// <returns>The states in order, starting with <paramref name="start"/>, and whether a terminating transition ended it.</returns>
    public static (List<int> States, bool Terminated) FollowPolicy(IDiscreteModel model, IReadOnlyList<int> policy, int start, int maxSteps = 10_000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(policy);
        var path = new List<int> { start };
        var seen = new HashSet<int> { start };
        int s = start;
        for (int step = 0; step < maxSteps; step++)
        {
            var outcomes = model.Transitions(s, policy[s]);
            var best = outcomes[0];
            foreach (var t in outcomes) if (t.Probability > best.Probability) best = t;
            path.Add(best.NextState);
            if (best.Terminated) return (path, true);
            if (!seen.Add(best.NextState)) return (path, false);
            s = best.NextState;
        }
        return (path, false);
    }

    internal static void CheckArguments(string who, IDiscreteModel model, double gamma)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), $"{who}: the discount γ must lie in [0, 1], got {gamma}");
        if (model.StateCount < 1 || model.ActionCount < 1)
            throw new ArgumentException($"{who}: the model has {model.StateCount} states and {model.ActionCount} actions; both must be positive", nameof(model));
    }

    internal static void CheckTable(string who, IDiscreteModel model, double[,] policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.GetLength(0) != model.StateCount || policy.GetLength(1) != model.ActionCount)
            throw new ArgumentException($"{who}: the policy table is {policy.GetLength(0)}x{policy.GetLength(1)} but the model has {model.StateCount} states and {model.ActionCount} actions", nameof(policy));
        for (int s = 0; s < model.StateCount; s++)
        {
            double sum = 0;
            for (int a = 0; a < model.ActionCount; a++)
            {
                if (!(policy[s, a] >= 0)) throw new ArgumentException($"{who}: π(a={a}|s={s}) = {policy[s, a]} is not a probability", nameof(policy));
                sum += policy[s, a];
            }
            if (Math.Abs(sum - 1) > 1e-9) throw new ArgumentException($"{who}: the probabilities of state {s} sum to {sum}, not 1", nameof(policy));
        }
    }
}
