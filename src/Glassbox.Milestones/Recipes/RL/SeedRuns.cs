using Glassbox.RL;
using Glassbox.RL.Algorithms;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>What one seed of an RL milestone measured.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Curve">Its training episodes (end step, return).</param>
/// <param name="FinalMean">Mean return of the last <c>window</c> training episodes (fewer if it played fewer).</param>
/// <param name="BestMean">Best trailing-<c>window</c> mean over training (only counted once <c>window</c> episodes exist).</param>
/// <param name="StepReached">First step at which the trailing mean reached the bar, or null.</param>
/// <param name="EvalMean">Mean return of the greedy policy over the evaluation episodes.</param>
/// <param name="Steps">Environment steps trained.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
public sealed record SeedRun(ulong Seed, EpisodeSeries Curve, double FinalMean, double BestMean, long? StepReached, double EvalMean, long Steps, double Seconds);

/// <summary>The shared measuring and reporting of the RL milestones: per-seed statistics, the curves picture, metrics.</summary>
public static class SeedRuns
{
    /// <summary>Trailing window of the training statistics (the "final 100 episodes" of the bars).</summary>
    public const int Window = 100;

    /// <summary>
    /// Summarises one seed's training: the episode series, final and best trailing means, the first step at which the
    /// trailing mean reached <paramref name="bar"/> (requiring a full window, or every episode when fewer were
    /// played in quick runs), and the greedy evaluation over <paramref name="evalEpisodes"/> episodes of a fresh environment.
    /// </summary>
    public static SeedRun Measure(ulong seed, IReadOnlyList<EpisodeRecord> episodes, long steps, double bar, Func<IEnv<float[], int>> makeEnv,
        Func<float[], int> greedy, int evalEpisodes, System.Diagnostics.Stopwatch clock, int window = Window)
    {
        var curve = new EpisodeSeries(episodes.Select(e => (double)e.Step).ToArray(), episodes.Select(e => e.Return).ToArray());
        double final = curve.Count == 0 ? double.NaN : curve.Returns[Math.Max(0, curve.Count - window)..].Average();
        double best = double.NegativeInfinity;
        long? reached = null;
        double sum = 0;
        int need = Math.Min(window, Math.Max(1, curve.Count));
        for (int i = 0; i < curve.Count; i++)
        {
            sum += curve.Returns[i];
            if (i >= window) sum -= curve.Returns[i - window];
            int count = Math.Min(i + 1, window);
            if (count < need) continue;
            double mean = sum / count;
            best = Math.Max(best, mean);
            if (reached is null && mean >= bar) reached = (long)curve.Steps[i];
        }
        // Evaluation seeds are far from the training seeds' streams (training resets use seed + env index).
        var eval = Evaluation.Returns(makeEnv(), greedy, evalEpisodes, (long)seed + 10_000);
        return new SeedRun(seed, curve, final, best, reached, eval.Average(), steps, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Writes the learning-curve picture (mean and min–max band across seeds, the bar dashed), logs the smoothed
    /// curves to the run tracker, and returns the metrics every RL milestone reports.
    /// </summary>
    public static Dictionary<string, object> Report(MilestoneContext ctx, Glassbox.Training.RunTracker run, string method, string title,
        IReadOnlyList<SeedRun> runs, double bar)
    {
        var summaries = LearningCurves.Save([(method, runs.Select(r => r.Curve).ToArray())], ctx.OutputDir, "learning_curves", title, bar, Window);
        var s = summaries[0];
        for (int k = 0; k < s.X.Length; k += 4)
        {
            if (s.PerSeed.Any(c => !double.IsFinite(c[k]))) continue;
            var row = new Dictionary<string, double> { ["return_mean"] = s.Mean[k] };
            for (int i = 0; i < runs.Count; i++) row[$"return_seed{runs[i].Seed}"] = s.PerSeed[i][k];
            run.Log((long)s.X[k], row);
        }
        var metrics = new Dictionary<string, object>
        {
            ["bar"] = bar, ["seeds"] = string.Join(",", runs.Select(r => r.Seed)),
            ["final100_mean_per_seed"] = string.Join(", ", runs.Select(r => r.FinalMean.ToString("F1"))),
            ["best100_mean_per_seed"] = string.Join(", ", runs.Select(r => r.BestMean.ToString("F1"))),
            ["step_reached_bar_per_seed"] = string.Join(", ", runs.Select(r => r.StepReached?.ToString() ?? "never")),
            ["greedy_eval_mean_per_seed"] = string.Join(", ", runs.Select(r => r.EvalMean.ToString("F1"))),
            ["episodes_per_seed"] = string.Join(", ", runs.Select(r => r.Curve.Count)),
            ["env_steps_per_seed"] = runs[0].Steps,
            ["seconds_per_seed"] = string.Join(", ", runs.Select(r => r.Seconds.ToString("F1"))),
            ["picture"] = Path.Combine(ctx.OutputDir, "learning_curves.png"), ["run_dir"] = ctx.OutputDir,
        };
        foreach (var r in runs)
            ctx.Progress.Info($"seed {r.Seed}: final-100 mean {r.FinalMean:F1}, best {r.BestMean:F1}, reached {bar} at {r.StepReached?.ToString() ?? "never"}, greedy eval {r.EvalMean:F1} ({r.Seconds:F1} s)");
        return metrics;
    }
}
