using Glassbox.Milestones.Recipes;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cliffwalking-td</c>: Sutton &amp; Barto's Example 6.6 — SARSA and Q-learning on CliffWalking-v1 with ε = 0.1,
/// α = 0.5, γ = 1 for 500 episodes, many runs per seed, 3 seeds. Q-learning learns the optimal 13-step path along
/// the cliff edge but, exploring, falls off it often; SARSA learns the longer path away from the edge and collects
/// more reward online. Pictures: sum of rewards per episode (mean and spread over seeds) and the learned paths.
/// Details: docs/milestones/cliffwalking-td.md.
/// </summary>
public sealed class CliffWalkingTdMilestone : Milestone
{
    /// <summary>Episodes after which the online returns are compared: the first 100 are mostly learning the way.</summary>
    public const int SkipEpisodes = 100;

    /// <inheritdoc/>
    public override string Id => "cliffwalking-td";

    /// <inheritdoc/>
    public override string Title => "Cliff walk (S&B Example 6.6): Q-learning's greedy path is the 13-step edge, SARSA's the safe one, and SARSA earns more online";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        int runs = ctx.Quick ? 10 : 100;
        var seeds = new[] { ctx.Seed, ctx.Seed + 1, ctx.Seed + 2 };
        var options = new TabularControlOptions(); // S&B's Example 6.6: 500 episodes, ε = 0.1, α = 0.5, γ = 1, Q = 0
        var config = new Dictionary<string, object>
        {
            ["env"] = "CliffWalking-v1", ["episodes"] = options.Episodes, ["epsilon"] = 0.1, ["alpha"] = 0.5, ["gamma"] = options.Gamma,
            ["runs_per_seed"] = runs, ["seeds"] = string.Join(",", seeds), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var model = new CliffWalking();
        var sarsaCurves = new double[seeds.Length][];
        var qCurves = new double[seeds.Length][];
        var sarsaPaths = new Dictionary<string, (List<int> Path, int Count)>();
        var qPaths = new Dictionary<string, (List<int> Path, int Count)>();
        var metrics = new Dictionary<string, object>();
        bool passed = true;
        for (int k = 0; k < seeds.Length; k++)
        {
            sarsaCurves[k] = new double[options.Episodes];
            qCurves[k] = new double[options.Episodes];
            int qOptimal = 0, sarsaSafe = 0, sarsaEdge = 0;
            for (int r = 0; r < runs; r++)
            {
                var o = options with { Seed = seeds[k] * 1000 + (ulong)r };
                var sarsa = Sarsa.Learn(new CliffWalking(), o);
                var q = QLearning.Learn(new CliffWalking(), o);
                for (int e = 0; e < options.Episodes; e++)
                {
                    sarsaCurves[k][e] += sarsa.EpisodeReturns[e] / runs;
                    qCurves[k][e] += q.EpisodeReturns[e] / runs;
                }
                var sPath = TabularPolicy.FollowPolicy(model, sarsa.GreedyPolicy(), CliffWalking.StartState);
                var qPath = TabularPolicy.FollowPolicy(model, q.GreedyPolicy(), CliffWalking.StartState);
                if (IsEdgePath(qPath.States, qPath.Terminated)) qOptimal++;
                if (IsSafePath(sPath.States, sPath.Terminated)) sarsaSafe++;
                if (IsEdgePath(sPath.States, sPath.Terminated)) sarsaEdge++;
                Count(sarsaPaths, sPath.States);
                Count(qPaths, qPath.States);
            }
            double sarsaOnline = sarsaCurves[k].Skip(SkipEpisodes).Average(), qOnline = qCurves[k].Skip(SkipEpisodes).Average();
            double qFraction = (double)qOptimal / runs, sarsaFraction = (double)sarsaSafe / runs;
            // Bars per seed. The online comparison is the book's: SARSA's average sum of rewards per episode (≈ −25 in
            // Figure 6.4) above Q-learning's (≈ −50). The greedy paths are read from each run's final Q. Q-learning's
            // converges to the 13-step edge path in every run measured (bar: 90% of runs). SARSA's final Q is noisier —
            // with α = 0.5 one recent fall off the cliff or one lucky step shifts it — so in some runs the greedy path
            // loops or dips to the edge row for a step near the goal; measured 70–90% of runs take a fully safe path
            // (10 runs per seed) and 66–75% with 100 runs per seed. The bar asks for a majority of runs, and for SARSA to take the
            // edge path in at most 5% of runs (measured: none); a method that learned the edge path fails both.
            double sarsaEdgeFraction = (double)sarsaEdge / runs;
            bool ok = sarsaOnline > qOnline && qFraction >= 0.9 && sarsaFraction >= 0.5 && sarsaEdgeFraction <= 0.05;
            passed &= ok;
            string tag = $"seed{seeds[k]}";
            metrics[$"{tag}_sarsa_online_return"] = Math.Round(sarsaOnline, 2);
            metrics[$"{tag}_qlearning_online_return"] = Math.Round(qOnline, 2);
            metrics[$"{tag}_qlearning_edge_path_fraction"] = qFraction;
            metrics[$"{tag}_sarsa_safe_path_fraction"] = sarsaFraction;
            metrics[$"{tag}_sarsa_edge_path_fraction"] = sarsaEdgeFraction;
            run.Log(k, new Dictionary<string, double>
            {
                ["sarsa_online_return"] = sarsaOnline, ["qlearning_online_return"] = qOnline, ["qlearning_edge_path_fraction"] = qFraction, ["sarsa_safe_path_fraction"] = sarsaFraction,
            });
            ctx.Progress.Info($"seed {seeds[k]} ({runs} runs): online sum of rewards per episode (episodes {SkipEpisodes + 1}-{options.Episodes}) " +
                $"SARSA {sarsaOnline:F2}, Q-learning {qOnline:F2}; Q-learning greedy path = 13-step edge in {qFraction:P0} of runs, " +
                $"SARSA's safe in {sarsaFraction:P0}, edge in {sarsaEdgeFraction:P0}");
        }
        // The picture shows the most common greedy path among those that reach the goal (loops are not paths to draw).
        var sarsaMode = sarsaPaths.Values.Where(p => p.Path[^1] == CliffWalking.GoalState).DefaultIfEmpty(sarsaPaths.Values.First()).MaxBy(p => p.Count);
        var qMode = qPaths.Values.MaxBy(p => p.Count);
        metrics["sarsa_common_path_steps"] = sarsaMode.Path.Count - 1;
        metrics["sarsa_common_path_share"] = Math.Round((double)sarsaMode.Count / (runs * seeds.Length), 3);
        metrics["qlearning_common_path_steps"] = qMode.Path.Count - 1;
        metrics["qlearning_common_path_share"] = Math.Round((double)qMode.Count / (runs * seeds.Length), 3);
        metrics["runs_per_seed"] = runs;
        metrics["run_dir"] = ctx.OutputDir;

        TabularPictures.SaveCurvesWithSpread(
            [("SARSA", sarsaCurves, "#0072B2"), ("Q-learning", qCurves, "#D55E00")], 10,
            "Cliff walk, ε = 0.1, α = 0.5: online sum of rewards per episode",
            $"sum of rewards (mean of {runs} runs × {seeds.Length} seeds; band: seed range; 10-ep. avg)", (-100, 0), Path.Combine(ctx.OutputDir, "cliff_returns.png"));
        TabularPictures.SaveCliffPaths(
            [($"SARSA: {sarsaMode.Path.Count - 1} steps (greedy path of {sarsaMode.Count} of {runs * seeds.Length} runs)", sarsaMode.Path, "#0072B2"),
             ($"Q-learning: {qMode.Path.Count - 1} steps (greedy path of {qMode.Count} of {runs * seeds.Length} runs)", qMode.Path, "#D55E00")],
            "Learned greedy paths after 500 episodes", Path.Combine(ctx.OutputDir, "cliff_paths.png"));
        return new MilestoneResult(Id, passed, metrics, 0);
    }

    /// <summary>The optimal path: up, 11 steps right along row 2 (right above the cliff), down into the goal — 13 steps.</summary>
    private static bool IsEdgePath(List<int> states, bool terminated) =>
        terminated && states.Count == 14 && states.Skip(1).SkipLast(1).All(s => s / CliffWalking.Columns == 2);

    /// <summary>A path that reaches the goal without walking along row 2 above the cliff (columns 1–10).</summary>
    private static bool IsSafePath(List<int> states, bool terminated) =>
        terminated && !states.Any(s => s / CliffWalking.Columns == 2 && s % CliffWalking.Columns is > 0 and < CliffWalking.Columns - 1);

    private static void Count(Dictionary<string, (List<int> Path, int Count)> counts, List<int> path)
    {
        string key = string.Join(",", path);
        counts[key] = counts.TryGetValue(key, out var c) ? (c.Path, c.Count + 1) : (path, 1);
    }
}
