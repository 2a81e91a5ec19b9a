using Glassbox.Plotting;
using Glassbox.RL;
using Glassbox.RL.Algorithms;
using Glassbox.RL.Envs;

namespace Glassbox.Milestones.Recipes.RL;

/// <summary>One demonstration budget of the imitation milestones: a label and the expert data it allows.</summary>
/// <param name="Label">What the learner sees, e.g. "10 episodes" or "1 episode, every 20th step".</param>
/// <param name="Demos">The demonstrations.</param>
public sealed record DemoSetting(string Label, Demonstrations Demos);

/// <summary>One behaviour-cloning run: evaluation returns at checkpoints (gradient steps) and the final one.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Steps">Gradient steps at each checkpoint.</param>
/// <param name="Returns">Greedy evaluation mean at each checkpoint.</param>
/// <param name="FinalEval">Greedy evaluation mean after training (the last checkpoint).</param>
/// <param name="FinalLoss">Training loss of the last epoch.</param>
public sealed record CloneRun(ulong Seed, double[] Steps, double[] Returns, double FinalEval, double FinalLoss);

/// <summary>The shared pieces of <c>cartpole-bc</c> and <c>cartpole-gail</c>: demonstration budgets, BC runs, evaluation, pictures.</summary>
public static class ImitationRuns
{
    /// <summary>Seed of the first reset of the expert's recorded episodes (apart from training seeds and evaluation seeds 10,000 + seed).</summary>
    public const long DemoSeed = 20_000;
    /// <summary>Greedy evaluation episodes per measurement (the bars' "over 10 episodes").</summary>
    public const int EvalEpisodes = 10;
    /// <summary>Subsampling of the scarce budget, as in Ho &amp; Ermon's experiments.</summary>
    public const int SubsampleEvery = 20;

    /// <summary>
    /// The budgets: all ten episodes (the bar's), fewer whole episodes (full runs only) and one episode keeping every
    /// 20th step (offset drawn from a fixed generator).
    /// </summary>
    public static DemoSetting[] Settings(Demonstrations ten, bool quick)
    {
        var scarce = new DemoSetting($"1 episode, every {SubsampleEvery}th step", ten.Take(1).Subsample(SubsampleEvery, new Generator(7)));
        if (quick) return [new DemoSetting("10 episodes", ten), scarce];
        return [new DemoSetting("10 episodes", ten), new DemoSetting("5 episodes", ten.Take(5)), new DemoSetting("2 episodes", ten.Take(2)),
            new DemoSetting("1 episode", ten.Take(1)), scarce];
    }

    /// <summary>Mean greedy return of <paramref name="act"/> over <see cref="EvalEpisodes"/> CartPole-v1 episodes, first reset 10,000 + seed.</summary>
    public static double Evaluate(Func<float[], int> act, ulong seed) => Evaluation.Returns(Gym.MakeCartPole(), act, EvalEpisodes, (long)seed + 10_000).Average();

    /// <summary>
    /// Behaviour cloning of <paramref name="demos"/> for about <paramref name="gradientSteps"/> minibatch updates (whole
    /// epochs, so every budget gets the same optimisation effort however few pairs it has), evaluated at
    /// <paramref name="checkpoints"/> evenly spaced epochs.
    /// </summary>
    public static CloneRun Clone(Demonstrations demos, ulong seed, int gradientSteps, int checkpoints, BehaviorCloningOptions? options = null)
    {
        var bc = new BehaviorCloning(demos.ObservationSize, demos.ActionCount, 0, options, seed);
        int perEpoch = (demos.Count + bc.Options.BatchSize - 1) / bc.Options.BatchSize;
        int epochs = Math.Max(1, (int)Math.Round(gradientSteps / (double)perEpoch));
        var steps = new List<double>();
        var returns = new List<double>();
        int done = 0;
        double loss = double.NaN;
        for (int c = 1; c <= checkpoints; c++)
        {
            int target = (int)Math.Round(epochs * (double)c / checkpoints);
            if (target <= done) continue;
            loss = bc.Fit(demos, target - done);
            done = target;
            steps.Add(done * (double)perEpoch);
            returns.Add(Evaluate(bc.Greedy, seed));
        }
        return new CloneRun(seed, steps.ToArray(), returns.ToArray(), returns[^1], loss);
    }

    /// <summary>
    /// The "how much data" picture: greedy evaluation return against the number of expert (s, a) pairs (log axis), one
    /// line per method (mean over seeds with a min–max band), the expert's return and the bar as reference lines.
    /// </summary>
    public static void SaveDataChart(string folder, string name, string title, IReadOnlyList<(string Method, double[] Pairs, double[][] PerSeed)> methods,
        double expertReturn, double bar)
    {
        var chart = new LineChart { Title = title, XLabel = "expert (state, action) pairs", YLabel = $"greedy return (mean of {EvalEpisodes} episodes)",
            Width = 820, Height = 460, LogX = true };
        foreach (var (method, pairs, perSeed) in methods)
        {
            var order = Enumerable.Range(0, pairs.Length).OrderBy(i => pairs[i]).ToArray();
            var x = order.Select(i => pairs[i]).ToArray();
            string label = $"{method} (mean of {perSeed[0].Length} seeds, min-max)";
            chart.Add(label, x, order.Select(i => perSeed[i].Average()).ToArray())
                .AddBand(label, x, order.Select(i => perSeed[i].Min()).ToArray(), order.Select(i => perSeed[i].Max()).ToArray());
        }
        chart.AddReferenceLine($"expert {expertReturn:F0}", expertReturn);
        chart.AddReferenceLine($"bar {bar:G4}", bar);
        Directory.CreateDirectory(folder);
        chart.SaveSvg(Path.Combine(folder, name + ".svg"));
        chart.SavePng(Path.Combine(folder, name + ".png"));
    }
}
