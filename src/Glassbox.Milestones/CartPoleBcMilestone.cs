using System.Globalization;
using Glassbox.Milestones.Recipes.RL;
using Glassbox.Plotting;
using Glassbox.RL.Algorithms;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cartpole-bc</c>: behaviour cloning of the project's PPO expert on CartPole-v1 from 10 greedy expert episodes,
/// three seeds. The bar: on every seed the clone's greedy return over 10 evaluation episodes is at least 475. Also
/// measured: smaller budgets (5, 2, 1 episodes, and 1 episode keeping every 20th step), which show BC degrading as the
/// data shrinks. Pictures: evaluation return against gradient steps per budget, and against the number of pairs.
/// </summary>
public sealed class CartPoleBcMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "cartpole-bc";

    /// <inheritdoc/>
    public override string Title => "Behaviour cloning of a PPO expert on CartPole-v1 from 10 expert episodes: greedy return >= 475 on each of 3 seeds";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        const int fullSteps = 3000, quickSteps = 1500;
        int gradientSteps = ctx.Quick ? quickSteps : fullSteps, checkpoints = ctx.Quick ? 1 : 10;
        var options = new BehaviorCloningOptions();
        var config = new Dictionary<string, object>
        {
            ["env"] = "CartPole-v1", ["algorithm"] = "behaviour cloning", ["expert"] = "PPO (cartpole-ppo recipe, seed 0), greedy",
            ["demo_episodes"] = 10, ["gradient_steps"] = gradientSteps, ["batch"] = options.BatchSize, ["lr"] = options.LearningRate,
            ["hidden"] = string.Join("x", options.Hidden), ["seed"] = ctx.Seed, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var expert = CartPoleExpert.Load(ctx);
        var demos = expert.Record(10, ImitationRuns.DemoSeed);
        ctx.Progress.Info($"expert{(expert.LoadedFromCache ? " (cached)" : "")}: evaluation mean {expert.EvalMean:F1}; demonstrations: {demos.Count} pairs, "
            + $"returns {string.Join(", ", demos.Returns.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}");
        double demoMean = demos.Returns.Average();
        // Full bar: the issue's 475 on every seed. Quick bar: the quick expert (61k PPO steps) is weaker and its demos
        // vary, so the clone must recover 90% of the demonstrated mean return on every seed: a clone that learnt nothing
        // scores about 9-10 (a constant action), so this checks that the cloned policy really balances the pole.
        double bar = ctx.Quick ? 0.9 * demoMean : 475;

        var settings = ImitationRuns.Settings(demos, ctx.Quick);
        var results = new List<(DemoSetting Setting, CloneRun[] Runs)>();
        foreach (var setting in settings)
        {
            var runs = new CloneRun[3];
            for (int k = 0; k < 3; k++)
            {
                runs[k] = ImitationRuns.Clone(setting.Demos, ctx.Seed + (ulong)k, gradientSteps, checkpoints, options);
                ctx.Progress.Info($"BC, {setting.Label} ({setting.Demos.Count} pairs), seed {runs[k].Seed}: greedy return {runs[k].FinalEval:F1}, final loss {runs[k].FinalLoss:F4}");
            }
            results.Add((setting, runs));
        }

        var curves = new LineChart { Title = $"Behaviour cloning on CartPole-v1 ({(ctx.Quick ? "quick" : "3 seeds")})", XLabel = "gradient steps (minibatches of 32)",
            YLabel = $"greedy return (mean of {ImitationRuns.EvalEpisodes} episodes)", Width = 820, Height = 460 };
        foreach (var (setting, runs) in results)
        {
            string label = $"{setting.Label} (mean, min-max)";
            var x = runs[0].Steps;
            var perPoint = Enumerable.Range(0, x.Length).Select(i => runs.Select(r => r.Returns[i]).ToArray()).ToArray();
            curves.Add(label, x, perPoint.Select(p => p.Average()).ToArray()).AddBand(label, x, perPoint.Select(p => p.Min()).ToArray(), perPoint.Select(p => p.Max()).ToArray());
        }
        // One tracker row per checkpoint (the budgets' step counts differ slightly by epoch rounding), every budget a column.
        for (int c = 0; c < results[0].Runs[0].Steps.Length; c++)
            run.Log(c + 1, results.ToDictionary(r => $"eval_{r.Setting.Demos.Count}pairs",
                r => c < r.Runs[0].Steps.Length ? r.Runs.Average(x => x.Returns[c]) : double.NaN));
        curves.AddReferenceLine($"expert demos {demoMean:F0}", demoMean);
        curves.AddReferenceLine($"bar {bar:F0}", bar);
        Directory.CreateDirectory(ctx.OutputDir);
        curves.SaveSvg(Path.Combine(ctx.OutputDir, "learning_curves.svg"));
        curves.SavePng(Path.Combine(ctx.OutputDir, "learning_curves.png"));
        ImitationRuns.SaveDataChart(ctx.OutputDir, "data_budget", "BC on CartPole-v1: return against the amount of expert data",
            [("BC", results.Select(r => (double)r.Setting.Demos.Count).ToArray(), results.Select(r => r.Runs.Select(x => x.FinalEval).ToArray()).ToArray())],
            demoMean, bar);

        var main = results[0].Runs;
        var metrics = new Dictionary<string, object>
        {
            ["bar"] = Math.Round(bar, 1), ["seeds"] = string.Join(",", main.Select(r => r.Seed)), ["expert_eval_mean"] = expert.EvalMean,
            ["demo_pairs"] = demos.Count, ["demo_return_mean"] = demoMean, ["gradient_steps"] = gradientSteps,
            ["picture"] = Path.Combine(ctx.OutputDir, "learning_curves.png"), ["run_dir"] = ctx.OutputDir,
        };
        foreach (var (setting, runs) in results)
            metrics[$"greedy_eval_per_seed_{setting.Demos.Count}pairs"] = string.Join(", ", runs.Select(r => r.FinalEval.ToString("F1", CultureInfo.InvariantCulture)));
        bool passed = main.All(r => r.FinalEval >= bar);
        return new MilestoneResult(Id, passed, metrics, 0);
    }
}
