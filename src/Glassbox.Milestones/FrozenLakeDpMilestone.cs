using System.Diagnostics;
using Glassbox.Milestones.Recipes;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones;

/// <summary>
/// <c>frozenlake-dp</c>: policy iteration and value iteration on FrozenLake-v1's slippery 4x4 and 8x8 maps, checked
/// against the closed-form solution v = (I − γP_π)⁻¹ r_π, and the optimal policy played on the environment itself
/// (3 seeds) to show that its success rate is the one the model predicts. Pictures: value heatmaps with policy
/// arrows. Details: docs/milestones/frozenlake-dp.md.
/// </summary>
public sealed class FrozenLakeDpMilestone : Milestone
{
    /// <summary>γ for the planning problem: close to 1, so the values are nearly success probabilities, but below 1
    /// so the linear system is non-singular for any policy.</summary>
    public const double Gamma = 0.99;

    /// <inheritdoc/>
    public override string Id => "frozenlake-dp";

    /// <inheritdoc/>
    public override string Title => "FrozenLake 4x4 and 8x8: policy and value iteration equal the exact linear solve to 1e-10; value maps with policy arrows";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        // Rollouts per seed and map. The success rate of n episodes has standard error sqrt(p(1-p)/n) ≤ 0.5/sqrt(n):
        // 0.016 at the full 1,000 and 0.035 at the quick 200. The bar allows 4 standard errors of the pooled 3 seeds,
        // so a correct policy fails it with probability ~6e-5, while a policy or model off by a few percent fails.
        int episodes = ctx.Quick ? 200 : 1000;
        var seeds = new[] { ctx.Seed, ctx.Seed + 1, ctx.Seed + 2 };
        var config = new Dictionary<string, object>
        {
            ["maps"] = "4x4, 8x8 (slippery)", ["gamma"] = Gamma, ["tolerance"] = 1e-13, ["rollout_episodes_per_seed"] = episodes,
            ["seeds"] = string.Join(",", seeds), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var metrics = new Dictionary<string, object>();
        bool passed = true;
        foreach (var map in new[] { "4x4", "8x8" })
        {
            var lake = new FrozenLake(map);
            var sw = Stopwatch.StartNew();
            var vi = ValueIteration.Solve(lake, Gamma, 1e-13);
            double viSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var pi = PolicyIteration.Solve(lake, Gamma, 1e-13);
            double piSeconds = sw.Elapsed.TotalSeconds;
            var exactVi = ExactPolicyEvaluation.Evaluate(lake, vi.Policy, Gamma);
            var exactPi = ExactPolicyEvaluation.Evaluate(lake, pi.Policy, Gamma);
            double errVi = MaxAbsDiff(vi.Values, exactVi), errPi = MaxAbsDiff(pi.Values, exactPi), errBoth = MaxAbsDiff(vi.Values, pi.Values);
            int differ = vi.Policy.Zip(pi.Policy).Count(p => p.First != p.Second);

            // The success probability of the policy (undiscounted, no time limit): the same linear solve at γ = 1,
            // which is non-singular because from every tile the slippery ice ends the episode with probability 1.
            var success = ExactPolicyEvaluation.Evaluate(lake, pi.Policy, 1.0);
            double predicted = success[0];
            var rates = seeds.Select(seed => Rollouts(lake, pi.Policy, episodes, seed)).ToArray();
            double pooled = rates.Average();
            double tolerance = 4 * Math.Sqrt(predicted * (1 - predicted) / (episodes * seeds.Length));
            bool ok = errVi <= 1e-10 && errPi <= 1e-10 && errBoth <= 1e-10 && Math.Abs(pooled - predicted) <= tolerance;
            passed &= ok;
            ctx.Progress.Info($"{map}: VI {vi.Sweeps} sweeps ({viSeconds:F3} s), PI {pi.Iterations} rounds / {pi.EvaluationSweeps} sweeps ({piSeconds:F3} s); " +
                $"max |v - exact| VI {errVi:E2}, PI {errPi:E2}, |VI - PI| {errBoth:E2}; v*(start) {vi.Values[0]:F6}; success P {predicted:F4}, " +
                $"rollouts {string.Join(" / ", rates.Select(r => r.ToString("F4")))}");
            string key = map;
            metrics[$"{key}_vi_max_error"] = errVi;
            metrics[$"{key}_pi_max_error"] = errPi;
            metrics[$"{key}_vi_vs_pi"] = errBoth;
            metrics[$"{key}_vi_sweeps"] = vi.Sweeps;
            metrics[$"{key}_pi_rounds"] = pi.Iterations;
            metrics[$"{key}_pi_eval_sweeps"] = pi.EvaluationSweeps;
            metrics[$"{key}_policy_states_differing"] = differ;
            metrics[$"{key}_v_start"] = Math.Round(vi.Values[0], 6);
            metrics[$"{key}_success_probability"] = Math.Round(predicted, 4);
            for (int i = 0; i < seeds.Length; i++) metrics[$"{key}_success_rate_seed{seeds[i]}"] = Math.Round(rates[i], 4);
            metrics[$"{key}_success_tolerance"] = Math.Round(tolerance, 4);
            run.Log(map == "4x4" ? 4 : 8, new Dictionary<string, double>
            {
                ["vi_max_error"] = errVi, ["pi_max_error"] = errPi, ["v_start"] = vi.Values[0], ["success_probability"] = predicted, ["success_rate"] = pooled,
            });
            TabularPictures.SaveFrozenLakeValues(lake, pi.Values, pi.Policy,
                $"FrozenLake {map}: optimal values (γ = {Gamma}) and policy", Path.Combine(ctx.OutputDir, $"frozenlake_{map}.png"));
        }
        metrics["run_dir"] = ctx.OutputDir;
        return new MilestoneResult(Id, passed, metrics, 0);
    }

    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>The fraction of <paramref name="episodes"/> episodes that reach the goal following <paramref name="policy"/>
    /// on a fresh lake reset with <paramref name="seed"/> once (later episodes continue its stream).</summary>
    private static double Rollouts(FrozenLake template, int[] policy, int episodes, ulong seed)
    {
        var env = new FrozenLake(desc: template.Desc);
        int wins = 0;
        for (int e = 0; e < episodes; e++)
        {
            int s = env.Reset(e == 0 ? (long)seed : null).Observation;
            while (true)
            {
                var r = env.Step(policy[s]);
                if (r.Terminated) { if (r.Reward > 0) wins++; break; }
                s = r.Observation;
            }
        }
        return (double)wins / episodes;
    }
}
