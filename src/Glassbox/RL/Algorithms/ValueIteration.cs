namespace Glassbox.RL.Algorithms;

/// <summary>The outcome of <see cref="ValueIteration"/>.</summary>
/// <param name="Values">The optimal values v* (to the tolerance).</param>
/// <param name="Policy">The greedy policy of those values.</param>
/// <param name="Sweeps">Sweeps over the state space.</param>
/// <param name="LastDelta">The largest change of any value in the last sweep.</param>
public sealed record ValueIterationResult(double[] Values, int[] Policy, int Sweeps, double LastDelta);

/// <summary>
/// Value iteration (Sutton &amp; Barto, §4.4): the Bellman optimality equation turned into an update,
/// <code>
/// v(s) ← max_a Σ_{s',r} p(s', r | s, a) · [ r + γ · v(s') ]
/// </code>
/// applied in place to every state until the largest change in a sweep is below the tolerance; the answer is the
/// greedy policy π(s) = argmax_a of the same backup. It is policy iteration with a single evaluation sweep per
/// improvement.
/// </summary>
/// <remarks>
/// For γ &lt; 1 the optimality backup is a γ-contraction, so after a sweep that changed no value by more than Δ the
/// values are within γΔ/(1 − γ) of v*; at γ = 0.99, a tolerance of 1e-13 gives 1e-11. For γ = 1 it converges on
/// episodic problems where an optimal policy ends every episode (FrozenLake, CliffWalking, Taxi), more slowly.
/// Terminating transitions contribute no future value (see <see cref="TabularPolicy"/>).
/// </remarks>
public static class ValueIteration
{
    /// <summary>Runs value iteration on <paramref name="model"/>.</summary>
    /// <param name="model">The dynamics.</param>
    /// <param name="gamma">Discount factor in [0, 1].</param>
    /// <param name="tolerance">Stop once no value changes by this much or more in a sweep.</param>
    /// <param name="maxSweeps">Upper bound on sweeps; exceeding it throws.</param>
    public static ValueIterationResult Solve(IDiscreteModel model, double gamma, double tolerance = 1e-12, int maxSweeps = 1_000_000)
    {
        TabularPolicy.CheckArguments(nameof(ValueIteration), model, gamma);
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), $"ValueIteration: tolerance must be positive, got {tolerance}");
        int n = model.StateCount;
        var v = new double[n];
        for (int sweep = 1; sweep <= maxSweeps; sweep++)
        {
            double delta = 0;
            for (int s = 0; s < n; s++)
            {
                TabularPolicy.BestAction(model, v, s, gamma, out double best);
                delta = Math.Max(delta, Math.Abs(best - v[s]));
                v[s] = best;
            }
            if (delta < tolerance) return new ValueIterationResult(v, TabularPolicy.Greedy(model, v, gamma), sweep, delta);
        }
        throw new InvalidOperationException($"ValueIteration: the values were still changing after {maxSweeps} sweeps (γ = {gamma}); with γ = 1 some optimal policy must end every episode");
    }
}
