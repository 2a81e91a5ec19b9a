using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Tests.RL.ToyText;

/// <summary>
/// Policy evaluation, policy iteration and value iteration against the closed-form solve v = (I − γP_π)⁻¹ r_π.
/// Tolerance 1e-10: the iterative methods stop at a sweep change below 1e-13, which bounds their error by
/// γ/(1 − γ) · 1e-13 ≈ 1e-11 at γ = 0.99, the largest γ used (see the classes' remarks); LU on at most 64 unknowns with condition number
/// ≲ 1/(1 − γ) = 100 adds ~1e-13. So 1e-10 leaves an order of magnitude of room, and a wrong backup (say, one that
/// bootstrapped through a terminal state) would be off by far more.
/// </summary>
public class DynamicProgrammingTests
{
    private const double Tol = 1e-13, Exact = 1e-10;

    /// <summary>γ = 0.99 everywhere but Taxi, where 0.9 keeps the test fast (its 500 states need ~10x fewer sweeps at
    /// 0.9) and the error bound even tighter: γ/(1 − γ) · 1e-13 = 9e-13.</summary>
    private static double GammaFor(string name) => name == "Taxi" ? 0.9 : 0.99;

    public static TheoryData<string> Models => new() { "FrozenLake4x4", "FrozenLake8x8", "GridWorld", "FrozenLake4x4-nonslippery", "Taxi" };

    private static IDiscreteModel Make(string name) => name switch
    {
        "FrozenLake4x4" => new FrozenLake("4x4"),
        "FrozenLake8x8" => new FrozenLake("8x8"),
        "FrozenLake4x4-nonslippery" => new FrozenLake("4x4", isSlippery: false),
        "GridWorld" => new GridWorld(5, 6, new Dictionary<(int, int), double> { [(4, 5)] = 10, [(2, 3)] = -10 }, [(1, 1), (1, 2), (3, 4)], stepReward: -1, slip: 0.3),
        "Taxi" => new Taxi(),
        _ => throw new ArgumentException(name),
    };

    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tol, $"{what}: max |difference| {worst:E3} > {tol:E1}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PolicyAndValueIterationEqualTheExactSolution(string name)
    {
        var model = Make(name);
        double gamma = GammaFor(name);
        var vi = ValueIteration.Solve(model, gamma, Tol);
        var pi = PolicyIteration.Solve(model, gamma, Tol);
        AssertClose(ExactPolicyEvaluation.Evaluate(model, vi.Policy, gamma), vi.Values, Exact, $"{name}: value iteration vs exact v of its policy");
        AssertClose(ExactPolicyEvaluation.Evaluate(model, pi.Policy, gamma), pi.Values, Exact, $"{name}: policy iteration vs exact v of its policy");
        AssertClose(pi.Values, vi.Values, Exact, $"{name}: policy iteration vs value iteration");
        // v* satisfies the Bellman optimality equation: no action improves on it anywhere.
        var v = ExactPolicyEvaluation.Evaluate(model, pi.Policy, gamma);
        for (int s = 0; s < model.StateCount; s++)
        {
            TabularPolicy.BestAction(model, v, s, gamma, out double best);
            Assert.True(Math.Abs(best - v[s]) <= Exact, $"{name}: state {s} is not Bellman-optimal ({best} vs {v[s]})");
        }
        var piExact = PolicyIteration.Solve(model, gamma, exactEvaluation: true);
        AssertClose(pi.Values, piExact.Values, Exact, $"{name}: policy iteration with exact evaluation");
        Assert.Equal(0, piExact.EvaluationSweeps);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void IterativePolicyEvaluationEqualsTheLinearSolve(string name)
    {
        var model = Make(name);
        double gamma = GammaFor(name);
        var random = TabularPolicy.Uniform(model.StateCount, model.ActionCount);
        var iterative = PolicyEvaluation.Evaluate(model, random, gamma, Tol);
        Assert.True(iterative.Converged);
        AssertClose(ExactPolicyEvaluation.Evaluate(model, random, gamma), iterative.Values, Exact, $"{name}: uniform random policy");
    }

    [Fact]
    public void FrozenLakeOptimalValuesHaveTheKnownShape()
    {
        var lake = new FrozenLake("4x4");
        var vi = ValueIteration.Solve(lake, 0.99, Tol);
        for (int s = 0; s < 16; s++)
            if (lake.TileAt(s) is 'H' or 'G') Assert.Equal(0.0, vi.Values[s]); // terminal: nothing beyond them
            else Assert.True(vi.Values[s] > 0 && vi.Values[s] < 1, $"state {s}: {vi.Values[s]}");
        // From the start, the slippery lake's best policy moves left (0): pushing against the wall is safe because
        // the only slips are down or up, never into a hole — the counter-intuitive optimum of this map.
        Assert.Equal(0, vi.Policy[0]);
        // The best state is 14, left of the goal: no hole borders it, so it reaches G with certainty, only slowly.
        Assert.Equal(14, Enumerable.Range(0, 16).MaxBy(s => vi.Values[s]));
    }

    /// <summary>Russell &amp; Norvig's 4x3 world: the utilities printed in AIMA (3rd ed.) Figure 17.3, to their 3 decimals.</summary>
    [Fact]
    public void RussellNorvigGridWorldMatchesThePublishedUtilities()
    {
        var world = GridWorld.RussellNorvig();
        var vi = ValueIteration.Solve(world, 1.0, 1e-13);
        double[,] published = { { 0.812, 0.868, 0.918, 0 }, { 0.762, 0, 0.660, 0 }, { 0.705, 0.655, 0.611, 0.388 } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
            {
                if (world.IsWall(r, c) || world.TerminalReward(r, c) is not null) continue;
                Assert.True(Math.Abs(vi.Values[r * 4 + c] - published[r, c]) < 0.0005, $"({r}, {c}): {vi.Values[r * 4 + c]:F4} vs published {published[r, c]}");
            }
        AssertClose(ExactPolicyEvaluation.Evaluate(world, vi.Policy, 1.0), vi.Values, 1e-10, "γ = 1 exact solve");
        // The famous detour: from (2, 3), next to the −1 cell, the optimal move is left (3), away from the pit.
        Assert.Equal(3, vi.Policy[2 * 4 + 3]);
    }

    /// <summary>A two-state MDP solved by hand: staying in 0 pays 1 forever (v = 1/(1 − γ) = 2 at γ = ½), moving to 1
    /// pays 0 now and then 3 forever (0 + ½ · 3/(1 − ½) = 3), so v* = (3, 6) and the optimal action in 0 is "move".</summary>
    [Fact]
    public void HandMadeMdpHasTheHandComputedSolution()
    {
        var mdp = new TableMdp(new[]
        {
            new[] { new[] { new Transition(1.0, 0, 1, false) }, new[] { new Transition(1.0, 1, 0, false) } },
            new[] { new[] { new Transition(1.0, 1, 3, false) }, new[] { new Transition(1.0, 1, 3, false) } },
        });
        foreach (var values in new[] { ValueIteration.Solve(mdp, 0.5, 1e-14).Values, PolicyIteration.Solve(mdp, 0.5).Values })
        {
            Assert.Equal(3.0, values[0], 12);
            Assert.Equal(6.0, values[1], 12);
        }
        Assert.Equal(1, PolicyIteration.Solve(mdp, 0.5).Policy[0]);
        // Policy evaluation of "stay": v = (2, 6).
        var stay = PolicyEvaluation.Evaluate(mdp, new[] { 0, 0 }, 0.5, 1e-14).Values;
        Assert.Equal(2.0, stay[0], 12);
        Assert.Equal(6.0, stay[1], 12);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var lake = new FrozenLake();
        Assert.Contains("γ", Assert.Throws<ArgumentOutOfRangeException>(() => ValueIteration.Solve(lake, 1.5)).Message);
        var bad = new double[16, 4];
        Assert.Contains("sum to 0", Assert.Throws<ArgumentException>(() => PolicyEvaluation.Evaluate(lake, bad, 0.9)).Message);
        Assert.Contains("3x4", Assert.Throws<ArgumentException>(() => ExactPolicyEvaluation.Evaluate(lake, new double[3, 4], 0.9)).Message);
        // γ = 1 with a policy that never ends the episode: the values diverge, and evaluation says it did not converge.
        var cliff = new CliffWalking();
        var up = Enumerable.Repeat(0, 48).ToArray(); // "up" forever: never terminates, −1 per step
        Assert.False(PolicyEvaluation.Evaluate(cliff, up, 1.0, maxSweeps: 50).Converged);
    }

    private sealed class TableMdp(Transition[][][] table) : IDiscreteModel
    {
        public int StateCount => table.Length;
        public int ActionCount => table[0].Length;
        public IReadOnlyList<Transition> Transitions(int state, int action) => table[state][action];
    }
}
