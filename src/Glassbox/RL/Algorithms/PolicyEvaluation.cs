namespace Glassbox.RL.Algorithms;

/// <summary>The values found by <see cref="PolicyEvaluation"/>.</summary>
/// <param name="Values">v(s) for every state.</param>
/// <param name="Sweeps">Sweeps over the state space that were made.</param>
/// <param name="LastDelta">The largest change of any v(s) in the last sweep.</param>
/// <param name="Converged">Whether the last change fell below the tolerance before the sweep limit.</param>
public sealed record PolicyEvaluationResult(double[] Values, int Sweeps, double LastDelta, bool Converged);

/// <summary>
/// Iterative policy evaluation (Sutton &amp; Barto, §4.1): the value of a fixed policy π as the fixed point of the
/// Bellman expectation equation,
/// <code>
/// v(s) ← Σ_a π(a|s) Σ_{s',r} p(s', r | s, a) · [ r + γ · v(s') ]
/// </code>
/// applied to every state in turn, in place (each backup already sees the values updated earlier in the same sweep,
/// the "Gauss–Seidel" form, which converges at least as fast as the two-array form).
/// </summary>
/// <remarks>
/// <para>Stops when the largest change Δ in a sweep is below <c>tolerance</c>. For γ &lt; 1 the backup is a
/// γ-contraction in the max norm, so the remaining error is at most γΔ/(1 − γ): at γ = 0.99 a tolerance of 1e-13
/// leaves the values within 1e-11 of v_π. For γ = 1 the iteration converges only for a proper policy (one that
/// ends the episode with probability 1 from every state); otherwise it stops at the sweep limit with
/// <see cref="PolicyEvaluationResult.Converged"/> false.</para>
/// <para>Terminating transitions contribute no future value (see <see cref="TabularPolicy"/>).
/// <see cref="ExactPolicyEvaluation"/> solves the same equations directly.</para>
/// </remarks>
public static class PolicyEvaluation
{
    /// <summary>Evaluates the stochastic policy <paramref name="policy"/> [states, actions].</summary>
    /// <param name="model">The dynamics.</param>
    /// <param name="policy">π(a|s), each row summing to 1.</param>
    /// <param name="gamma">Discount factor in [0, 1].</param>
    /// <param name="tolerance">Stop once no value changes by this much or more in a sweep.</param>
    /// <param name="maxSweeps">Upper bound on sweeps.</param>
    /// <param name="initialValues">Starting values (copied); zeros when null. Policy iteration warm-starts from the previous policy's values.</param>
    public static PolicyEvaluationResult Evaluate(IDiscreteModel model, double[,] policy, double gamma, double tolerance = 1e-12,
        int maxSweeps = 1_000_000, IReadOnlyList<double>? initialValues = null)
    {
        TabularPolicy.CheckArguments(nameof(PolicyEvaluation), model, gamma);
        TabularPolicy.CheckTable(nameof(PolicyEvaluation), model, policy);
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), $"PolicyEvaluation: tolerance must be positive, got {tolerance}");
        int n = model.StateCount, nA = model.ActionCount;
        var v = new double[n];
        if (initialValues is not null)
        {
            if (initialValues.Count != n) throw new ArgumentException($"PolicyEvaluation: {initialValues.Count} initial values for {n} states", nameof(initialValues));
            for (int s = 0; s < n; s++) v[s] = initialValues[s];
        }
        double delta = double.PositiveInfinity;
        int sweep = 0;
        while (sweep < maxSweeps)
        {
            sweep++;
            delta = 0;
            for (int s = 0; s < n; s++)
            {
                double updated = 0;
                for (int a = 0; a < nA; a++)
                    if (policy[s, a] != 0) updated += policy[s, a] * TabularPolicy.ActionValue(model, v, s, a, gamma);
                delta = Math.Max(delta, Math.Abs(updated - v[s]));
                v[s] = updated;
            }
            if (delta < tolerance) break;
        }
        return new PolicyEvaluationResult(v, sweep, delta, delta < tolerance);
    }

    /// <summary>Evaluates the deterministic policy <paramref name="actions"/> (one action per state).</summary>
    public static PolicyEvaluationResult Evaluate(IDiscreteModel model, IReadOnlyList<int> actions, double gamma, double tolerance = 1e-12,
        int maxSweeps = 1_000_000, IReadOnlyList<double>? initialValues = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model, TabularPolicy.ToTable(actions, model.ActionCount), gamma, tolerance, maxSweeps, initialValues);
    }
}
