using Glassbox.RL;
using Glassbox.RL.Algorithms;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>
/// The body shared by the PPO milestones on discrete-action environments (CartPole-v1, Acrobot-v1): record the recipe
/// in the run tracker, train <see cref="Ppo"/> on three consecutive seeds with progress lines every 50 iterations,
/// measure each seed (<see cref="SeedRuns.Measure"/>, greedy evaluation over 10 episodes) and write the curves picture.
/// Each milestone keeps its own recipe changes, bar and pass rule.
/// </summary>
public static class DiscretePpoRuns
{
    /// <summary>Trains and reports the three seeds; returns the per-seed results and the milestone's metrics.</summary>
    /// <param name="ctx">The milestone's context (seed, quick flag, output, progress, tracking).</param>
    /// <param name="options">The PPO recipe.</param>
    /// <param name="envId">Gymnasium id, for the tracker and the picture's title.</param>
    /// <param name="makeEnv">Builds one environment as <c>gymnasium.make</c> does (with its time limit).</param>
    /// <param name="bar">The return bar drawn in the picture and used for "step reached".</param>
    public static (IReadOnlyList<SeedRun> Runs, Dictionary<string, object> Metrics) Run(MilestoneContext ctx, PpoOptions options, string envId,
        Func<IEnv<float[], int>> makeEnv, double bar)
    {
        var config = new Dictionary<string, object>
        {
            ["env"] = envId, ["algorithm"] = "PPO (clipped, GAE)", ["total_timesteps"] = options.TotalTimesteps, ["num_envs"] = options.NumEnvs,
            ["num_steps"] = options.NumSteps, ["lr"] = options.LearningRate, ["gamma"] = options.Gamma, ["gae_lambda"] = options.GaeLambda,
            ["minibatches"] = options.NumMinibatches, ["epochs"] = options.UpdateEpochs, ["clip"] = options.ClipCoef, ["ent_coef"] = options.EntropyCoef,
            ["vf_coef"] = options.ValueCoef, ["max_grad_norm"] = options.MaxGradNorm, ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var runs = new List<SeedRun>();
        for (ulong k = 0; k < 3; k++)
        {
            ulong seed = ctx.Seed + k;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var ppo = new Ppo(Enumerable.Range(0, options.NumEnvs).Select(_ => makeEnv()).ToArray(), options, seed);
            ppo.Train(u =>
            {
                if (u.Iteration % 50 == 0 || u.Iteration == options.Iterations)
                    ctx.Progress.Info($"seed {seed}: iteration {u.Iteration}/{options.Iterations}, step {u.GlobalStep}, {Recent(ppo.Episodes)}, "
                        + $"entropy {u.Entropy:F3}, approx KL {u.ApproxKl:F4}, clip frac {u.ClipFraction:F3}, explained var {u.ExplainedVariance:F2}");
            });
            runs.Add(SeedRuns.Measure(seed, ppo.Episodes, ppo.Envs.TotalSteps, bar, makeEnv, ppo.Greedy, 10, clock));
        }
        var metrics = SeedRuns.Report(ctx, run, "PPO", $"PPO on {envId} ({runs.Count} seeds)", runs, bar);
        return (runs, metrics);
    }

    /// <summary>"last-20 mean return X" (or "no episode yet") for progress lines.</summary>
    public static string Recent(IReadOnlyList<EpisodeRecord> episodes)
        => episodes.Count == 0 ? "no episode yet" : $"last-20 mean return {episodes.Skip(Math.Max(0, episodes.Count - 20)).Average(e => e.Return):F1}";
}
