namespace Glassbox.RL.Algorithms;

/// <summary>
/// The value of a policy in closed form: the Bellman expectation equation v = r_π + γ P_π v is linear, so
/// <code>
/// v_π = (I − γ P_π)⁻¹ r_π,   P_π[s, s'] = Σ_a π(a|s) Σ p(s' | s, a) · [not terminated],   r_π[s] = Σ_a π(a|s) Σ p · r
/// </code>
/// solved by LU with partial pivoting (<see cref="Linalg.Solve"/>) in float64. The reference the iterative
/// methods are tested against.
/// </summary>
/// <remarks>
/// Terminating transitions leave P_π (they carry their reward into r_π but no future value), as in
/// <see cref="TabularPolicy"/>. For γ &lt; 1 the matrix is always non-singular (P_π is sub-stochastic). For γ = 1 it
/// is singular exactly when the policy can run forever from some state (an improper policy), and
/// <see cref="Evaluate(IDiscreteModel, double[,], double)"/> then throws <see cref="LinearAlgebra.LinAlgException"/>
/// — or, with rounding, returns huge values; check the result when γ = 1. Cost O(n³): fine for the toy-text sizes
/// (Taxi's 500 states take a fraction of a second).
/// </remarks>
public static class ExactPolicyEvaluation
{
    /// <summary>v_π for the stochastic policy <paramref name="policy"/> [states, actions].</summary>
    public static double[] Evaluate(IDiscreteModel model, double[,] policy, double gamma)
    {
        TabularPolicy.CheckArguments(nameof(ExactPolicyEvaluation), model, gamma);
        TabularPolicy.CheckTable(nameof(ExactPolicyEvaluation), model, policy);
        int n = model.StateCount;
        var a = new double[n * n];
        var r = new double[n];
        for (int s = 0; s < n; s++)
        {
            a[s * n + s] = 1;
            for (int act = 0; act < model.ActionCount; act++)
            {
                double pi = policy[s, act];
                if (pi == 0) continue;
                foreach (var t in model.Transitions(s, act))
                {
                    r[s] += pi * t.Probability * t.Reward;
                    if (!t.Terminated) a[s * n + t.NextState] -= gamma * pi * t.Probability;
                }
            }
        }
        var solution = Linalg.Solve(Tensor.FromArray(a, n, n), Tensor.FromArray(r, n));
        return solution.ToDoubleArray();
    }

    /// <summary>v_π for the deterministic policy <paramref name="actions"/>.</summary>
    public static double[] Evaluate(IDiscreteModel model, IReadOnlyList<int> actions, double gamma)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model, TabularPolicy.ToTable(actions, model.ActionCount), gamma);
    }
}
