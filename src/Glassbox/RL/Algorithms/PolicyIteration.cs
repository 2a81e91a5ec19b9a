namespace Glassbox.RL.Algorithms;

/// <summary>The outcome of <see cref="PolicyIteration"/>.</summary>
/// <param name="Policy">The final (optimal) deterministic policy.</param>
/// <param name="Values">Its values v_π.</param>
/// <param name="Iterations">Evaluation–improvement rounds, the last being the one that changed nothing.</param>
/// <param name="EvaluationSweeps">Sweeps of iterative evaluation over all rounds (0 with exact evaluation).</param>
public sealed record PolicyIterationResult(int[] Policy, double[] Values, int Iterations, int EvaluationSweeps);

/// <summary>
/// Policy iteration (Sutton &amp; Barto, §4.3): alternate evaluation and greedy improvement until the policy is
/// stable,
/// <code>
/// evaluate:  v_π = fixed point of v(s) = Σ_{s',r} p(s', r | s, π(s)) [ r + γ v(s') ]
/// improve:   π'(s) = argmax_a Σ_{s',r} p(s', r | s, a) [ r + γ v_π(s') ]
/// </code>
/// By the policy improvement theorem v_π' ≥ v_π everywhere, and a finite MDP has finitely many deterministic
/// policies, so it ends at an optimal policy in a handful of rounds.
/// </summary>
/// <remarks>
/// <para>The trap is ties: when two actions are equally good, a plain argmax can flip between them from round to
/// round on rounding noise and never stop. Improvement therefore keeps the current action unless another one is
/// better by more than <c>1e-12 · (1 + |q|)</c>, and the loop ends when no action changes.</para>
/// <para>Evaluation is iterative (<see cref="PolicyEvaluation"/>, warm-started from the previous values) or, with
/// <c>exactEvaluation</c>, the linear solve of <see cref="ExactPolicyEvaluation"/>. The initial policy is action 0
/// everywhere; for γ = 1 it must be proper (end the episode from every state), or evaluation cannot converge.</para>
/// </remarks>
public static class PolicyIteration
{
    /// <summary>Runs policy iteration on <paramref name="model"/>.</summary>
    /// <param name="model">The dynamics.</param>
    /// <param name="gamma">Discount factor in [0, 1].</param>
    /// <param name="tolerance">Tolerance of each iterative evaluation (see <see cref="PolicyEvaluation"/>).</param>
    /// <param name="exactEvaluation">Evaluate by the linear solve instead of sweeps.</param>
    /// <param name="initialPolicy">The starting policy; action 0 everywhere when null.</param>
    /// <param name="maxIterations">Upper bound on rounds; exceeding it throws.</param>
    public static PolicyIterationResult Solve(IDiscreteModel model, double gamma, double tolerance = 1e-12, bool exactEvaluation = false,
        IReadOnlyList<int>? initialPolicy = null, int maxIterations = 10_000)
    {
        TabularPolicy.CheckArguments(nameof(PolicyIteration), model, gamma);
        int n = model.StateCount;
        var policy = initialPolicy?.ToArray() ?? new int[n];
        if (policy.Length != n) throw new ArgumentException($"PolicyIteration: the initial policy has {policy.Length} entries for {n} states", nameof(initialPolicy));
        double[]? values = null;
        int sweeps = 0;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (exactEvaluation) values = ExactPolicyEvaluation.Evaluate(model, policy, gamma);
            else
            {
                var eval = PolicyEvaluation.Evaluate(model, policy, gamma, tolerance, initialValues: values);
                if (!eval.Converged)
                    throw new InvalidOperationException($"PolicyIteration: evaluating the policy of round {iteration} did not converge in {eval.Sweeps} sweeps (last change {eval.LastDelta}); with γ = 1 the policy must end every episode");
                values = eval.Values;
                sweeps += eval.Sweeps;
            }
            bool stable = true;
            for (int s = 0; s < n; s++)
            {
                double current = TabularPolicy.ActionValue(model, values, s, policy[s], gamma);
                int best = TabularPolicy.BestAction(model, values, s, gamma, out double bestQ);
                if (bestQ > current + 1e-12 * (1 + Math.Abs(current)))
                {
                    policy[s] = best;
                    stable = false;
                }
            }
            if (stable) return new PolicyIterationResult(policy, values, iteration, sweeps);
        }
        throw new InvalidOperationException($"PolicyIteration: the policy was still changing after {maxIterations} rounds");
    }
}
