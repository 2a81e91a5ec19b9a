using Glassbox.Data;
using Glassbox.Milestones.Recipes;
using Glassbox.Milestones.Recipes.Generative;
using Glassbox.Models.Generative;
using Glassbox.Plotting;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-cfg</c>: a class-conditional diffusion U-Net trained with label dropout (p_uncond = 0.1) and sampled with
/// classifier-free guidance (Ho &amp; Salimans 2022) at w = 0, 1, 3, 7 (ε̃ = (1 + w)·ε_c − w·ε_u; w = 0 is the plain
/// conditional model): the frozen classifier's accuracy on the requested digits against FID. Recipe and numbers:
/// docs/milestones/mnist-cfg.md.
/// </summary>
public sealed class MnistCfgMilestone : Milestone
{
    /// <summary>The guidance weights of the sweep.</summary>
    public static readonly double[] Weights = [0, 1, 3, 7];

    /// <inheritdoc/>
    public override string Id => "mnist-cfg";

    /// <inheritdoc/>
    public override string Title => "Classifier-free guidance on MNIST: accuracy vs FID at w = 0, 1, 3, 7; >= 98% of samples are the requested digit at the best w";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var data = DatasetRegistry.Mnist(ctx.DataDir, download: true);
        var recipe = ctx.Quick ? DiffusionRecipe.Quick : DiffusionRecipe.Full;
        const double PUncond = 0.1;
        int ddimSteps = recipe.GuidedDdimSteps;
        var gen = new Generator(ctx.Seed);
        var model = new DiffusionUNet(1, recipe.Channels, numClasses: 10, generator: gen);
        var emaModel = new DiffusionUNet(1, recipe.Channels, numClasses: 10, generator: new Generator(ctx.Seed + 1));
        var ema = new ExponentialMovingAverage(model, emaModel, recipe.EmaDecay);
        var diffusion = new GaussianDiffusion(NoiseSchedule.Linear());
        var config = recipe.Config();
        config["dataset"] = "Mnist"; config["p_uncond"] = PUncond; config["guidance_weights"] = string.Join(",", Weights);
        config["guidance_convention"] = "eps = (1+w) eps_c - w eps_u"; config["sampler"] = $"DDIM {ddimSteps}, eta 0";
        config["seed"] = ctx.Seed; config["quick"] = ctx.Quick; config["parameters"] = model.ParameterCount;
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());
        var evaluator = MnistEvaluator.Load(ctx, DatasetKind.Mnist);
        double trainSeconds = DiffusionTraining.Train(model, ema, diffusion, data.Train.Images.Narrow(0, 0, recipe.TrainImages),
            data.Train.Labels.Narrow(0, 0, recipe.TrainImages), PUncond, recipe, gen, run, ctx.Progress);
        emaModel.Eval();

        int n = recipe.SampleCount;
        var labels = DiffusionTraining.BalancedLabels(n);
        var requested = labels.ToDoubleArray().Select(v => (int)v).ToArray();
        var acc = new double[Weights.Length]; var fid = new double[Weights.Length]; var minClass = new double[Weights.Length];
        var grids = new List<Tensor>(); var captions = new List<string>();
        for (int i = 0; i < Weights.Length; i++)
        {
            double w = Weights[i];
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var x = DiffusionTraining.Sample(diffusion, (s, len) => ClassifierFreeGuidance.Guided(emaModel.Forward, labels.Narrow(0, s, len), emaModel.NullLabel, w),
                n, ddimSteps, 0.0, recipe.SampleBatch, ctx.Seed + 7);
            var score = evaluator.ScoreConditional(x, requested);
            (acc[i], fid[i], minClass[i]) = (score.Accuracy, evaluator.Fid(x), score.MinClassAccuracy);
            ctx.Progress.Info($"w = {w}: accuracy {acc[i]:P2} (worst class {minClass[i]:P1}), FID {fid[i]:F2} ({sw.Elapsed.TotalSeconds:F0} s)");
            // Picture rows: for each w, digits 0–9 twice (the first 20 samples are labels 0..9, 0..9).
            grids.Add(x.Narrow(0, 0, 20));
            captions.AddRange(Enumerable.Range(0, 20).Select(j => $"w={w} {j % 10}"));
        }
        DiffusionPictures.Grid(Tensor.Cat(grids.ToArray(), 0), 10, Path.Combine(ctx.OutputDir, "samples_by_w.png"), captions.ToArray());
        var chart = new LineChart { Title = "MNIST classifier-free guidance: accuracy vs FID", XLabel = "FID (LeNet features, lower is better)", YLabel = "share classified as requested" };
        chart.Add("w = 0 → 1 → 3 → 7", fid, acc);
        for (int i = 0; i < Weights.Length; i++) chart.Add($"w = {Weights[i]}", [fid[i]], [acc[i]]);
        ClassifierTraining.Save(chart, ctx.OutputDir, "accuracy_vs_fid");
        var (ex, loss) = ClassifierTraining.Curve(run, "train/loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST conditional DDPM: L_simple", XLabel = "epoch", YLabel = "mean squared ε error" }.Add("train", ex, loss), ctx.OutputDir, "loss");

        int best = Enumerable.Range(0, Weights.Length).MaxBy(i => acc[i]);
        // Bar: ≥ 98% of samples classified as the requested digit at the best w (the bar). Quick (8/16/16
        // channels, 141 steps on 1,500 digits, 20-step DDIM) is far too short to learn the conditioning — seed 0 reached
        // 9–17% accuracy at 50 steps, chance level for 64 samples (10% ± 4%) — so the quick bar checks that the network
        // learned to predict noise (the last epoch's L_simple at most DdpmRun.QuickLossBar; the zero predictor's is 1)
        // and that the guided sampler runs for every w with samples measurably away from noise: every w's FID below
        // 0.95 × the noise ceiling.
        double bar = 0.98;
        double ceiling = evaluator.NoiseCeilingFid;
        double finalLoss = run.History.TryGetValue("train/loss", out var lossHistory) && lossHistory.Count > 0 ? lossHistory[^1].value : double.NaN;
        bool passed = ctx.Quick ? finalLoss <= DdpmRun.QuickLossBar && fid.All(f => f < 0.95 * ceiling) : acc[best] >= bar;
        var metrics = new Dictionary<string, object>
        {
            ["best_w"] = Weights[best], ["accuracy_at_best_w"] = Math.Round(acc[best], 4), ["fid_at_best_w"] = Math.Round(fid[best], 2),
            ["required_accuracy"] = bar, ["samples_per_w"] = n, ["floor_fid_10k"] = Math.Round(evaluator.FloorFid, 2),
            ["noise_ceiling_fid"] = Math.Round(ceiling, 2),
            ["final_loss"] = Math.Round(finalLoss, 4), ["ddim_steps"] = ddimSteps,
            ["train_seconds"] = Math.Round(trainSeconds, 1), ["parameters"] = model.ParameterCount, ["run_dir"] = ctx.OutputDir,
        };
        for (int i = 0; i < Weights.Length; i++)
        {
            metrics[$"accuracy_w{Weights[i]}"] = Math.Round(acc[i], 4);
            metrics[$"fid_w{Weights[i]}"] = Math.Round(fid[i], 2);
        }
        return new MilestoneResult(Id, passed, metrics, 0);
    }
}
