using System.Globalization;
using Glassbox.Data;
using Glassbox.Optim;
using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>What a GAN milestone measured.</summary>
/// <param name="Fid">MNIST-FID of the final generator (<see cref="MnistEvaluator.ReferenceCount"/> samples).</param>
/// <param name="UntrainedFid">MNIST-FID of the generator before training (same seed, same sample count).</param>
/// <param name="LastWassersteinEstimate">The last epoch's mean E[f(real)] − E[f(fake)] (WGAN-GP; 0 otherwise).</param>
/// <param name="LastPenalty">The last epoch's mean gradient penalty λ·E[(‖∇f‖ − 1)²] (WGAN-GP; 0 otherwise).</param>
/// <param name="FloorFid">The evaluator's floor (training vs test images).</param>
/// <param name="NoiseCeilingFid">The evaluator's noise ceiling.</param>
/// <param name="ClassHistogram">Predicted classes of the final samples.</param>
/// <param name="Conditional">For a conditional model, how often samples are classified as requested; else null.</param>
/// <param name="TrainSeconds">Training wall time (without evaluation).</param>
/// <param name="Metrics">Everything for the milestone result.</param>
public sealed record GanOutcome(double Fid, double UntrainedFid, double LastWassersteinEstimate, double LastPenalty, double FloorFid, double NoiseCeilingFid, int[] ClassHistogram, ConditionalScore? Conditional,
    double TrainSeconds, Dictionary<string, object> Metrics);

/// <summary>
/// The run shared by the GAN milestones: MNIST scaled to [−1, 1], the <see cref="GanTrainer"/> loop with losses logged
/// every 50 discriminator steps (the tracker's rows), a grid of 100 samples from fixed latents and an MNIST-FID after
/// the epochs of <see cref="GanRecipe.GridEpochs"/> (in the result's metrics as fid_epochNN), then the final FID beside the evaluator's floor and noise ceiling, the class
/// histogram (or, for a conditional model, the share of samples classified as requested) and the pictures.
/// </summary>
public static class GanRun
{
    private const int LogEvery = 50;

    /// <summary>Runs <paramref name="recipe"/> in <paramref name="ctx"/> and measures it.</summary>
    public static GanOutcome Execute(MilestoneContext ctx, GanRecipe recipe)
    {
        var evaluator = MnistEvaluator.Load(ctx, DatasetKind.Mnist);
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
            $"evaluator: LeNet-5 test accuracy {evaluator.TestAccuracy:P2}, {evaluator.ReferenceCount} reference images, floor FID {evaluator.FloorFid:F2}, noise ceiling {evaluator.NoiseCeilingFid:F1}"));
        var data = DatasetRegistry.Mnist(ctx.DataDir, flatten: true, download: true);
        int nTrain = Math.Min(recipe.TrainImages, data.Train.Images.Size(0));
        var images = data.Train.Images.Narrow(0, 0, nTrain).Mul(2.0).Sub(1.0).Reshape(-1, 1, 28, 28).Contiguous();
        var labels = recipe.NumClasses > 0 ? data.Train.Labels.Narrow(0, 0, nTrain).Contiguous() : null;

        var gen = new Generator(ctx.Seed);
        var (g, d) = recipe.Build(gen);
        var optG = new Adam(g.Parameters(), lr: recipe.LearningRate, beta1: recipe.Beta1, beta2: recipe.Beta2);
        var optD = new Adam(d.Parameters(), lr: recipe.LearningRate, beta1: recipe.Beta1, beta2: recipe.Beta2);
        var trainer = new GanTrainer(g, d, optG, optD, recipe.Objective, recipe.Latent, recipe.NumClasses, gen, recipe.CriticSteps);
        var config = new Dictionary<string, object>
        {
            ["model"] = recipe.Model, ["objective"] = recipe.Objective.ToString(), ["generator_parameters"] = g.ParameterCount,
            ["discriminator_parameters"] = d.ParameterCount, ["latent"] = recipe.Latent, ["conditional"] = recipe.NumClasses > 0,
            ["optimizer"] = "Adam", ["lr"] = recipe.LearningRate, ["beta1"] = recipe.Beta1, ["beta2"] = recipe.Beta2,
            ["critic_steps"] = recipe.CriticSteps, ["batch_size"] = recipe.BatchSize, ["epochs"] = recipe.Epochs, ["train_samples"] = nTrain,
            ["seed"] = ctx.Seed, ["quick"] = ctx.Quick, ["evaluator_test_accuracy"] = evaluator.TestAccuracy, ["fid_samples"] = evaluator.ReferenceCount,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info($"G: {g.ParameterCount:N0} parameters, D: {d.ParameterCount:N0} parameters");

        // Fixed latents for the grids, so the pictures over epochs show the same 100 samples developing; a conditional
        // grid has one class per row.
        var zGrid = Tensor.Randn([100, recipe.Latent], DType.Float32, new Generator(ctx.Seed + 101));
        var gridLabels = recipe.NumClasses > 0 ? Tensor.FromArray(Enumerable.Range(0, 100).Select(i => (long)(i / 10)).ToArray()) : null;
        Tensor FidLabels(int n) => Tensor.FromArray(Enumerable.Range(0, n).Select(i => (long)(i % 10)).ToArray());

        // The untrained generator's FID: the quick bars ask training to move well away from it.
        // Its class histogram shows what "collapse" would look like before any training: a near-constant untrained
        // generator puts every sample into one class.
        var untrainedSamples = trainer.Sample(evaluator.ReferenceCount, new Generator(ctx.Seed + 202), recipe.NumClasses > 0 ? FidLabels(evaluator.ReferenceCount) : null);
        double untrainedFid = evaluator.Fid(untrainedSamples);
        var untrainedHistogram = evaluator.ClassHistogram(untrainedSamples);
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"untrained generator: MNIST-FID {untrainedFid:F2}"));
        double trainSeconds = 0;
        long step = 0;
        int stepsPerEpoch = nTrain / recipe.BatchSize;
        double wd = 0, wg = 0, wp = 0, ww = 0; int nd = 0, ng = 0;
        var fidCurve = new List<(double epoch, double fid)>();
        double lastW = 0, lastPenalty = 0;
        for (int epoch = 1; epoch <= recipe.Epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            int e = epoch;
            var stats = trainer.TrainEpoch(images, labels, recipe.BatchSize, s =>
            {
                step++;
                wd += s.DiscriminatorLoss; wp += s.Penalty; ww += s.WassersteinEstimate; nd++;
                if (!double.IsNaN(s.GeneratorLoss)) { wg += s.GeneratorLoss; ng++; }
                if (step % LogEvery == 0)
                {
                    // Every row has the same columns (the CSV's); with n_critic ≤ 50 each window holds a generator step.
                    var m = new Dictionary<string, double> { ["train/d_loss"] = wd / nd, ["train/g_loss"] = wg / Math.Max(ng, 1) };
                    if (recipe.Objective == GanObjective.WassersteinGp) { m["train/gradient_penalty"] = wp / nd; m["train/wasserstein_estimate"] = ww / nd; }
                    run.Log(step, m);
                    wd = wg = wp = ww = 0; nd = ng = 0;
                }
                ctx.Progress.Step(e, recipe.Epochs, s.Step, s.Steps, (long)s.Step * recipe.BatchSize, s.DiscriminatorLoss);
            });
            trainSeconds += stats.Seconds;
            lastW = stats.WassersteinEstimate;
            lastPenalty = stats.Penalty;
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{recipe.Epochs}: D loss {stats.DiscriminatorLoss:F4}, G loss {stats.GeneratorLoss:F4}{(recipe.Objective == GanObjective.WassersteinGp ? $", W estimate {stats.WassersteinEstimate:F3}, GP {stats.Penalty:F3}" : "")}, {stats.Seconds:F1} s"));
            if (epoch == recipe.Epochs || recipe.GridEpochs.Contains(epoch))
            {
                SaveGrid(trainer.Sample(zGrid, gridLabels), Path.Combine(ctx.OutputDir, $"samples_epoch{epoch:D2}.png"));
                var fidSamples = trainer.Sample(evaluator.ReferenceCount, new Generator(ctx.Seed + 202), recipe.NumClasses > 0 ? FidLabels(evaluator.ReferenceCount) : null);
                double fid = evaluator.Fid(fidSamples);
                fidCurve.Add((epoch, fid));
                ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: MNIST-FID {fid:F2} (floor {evaluator.FloorFid:F2}, noise {evaluator.NoiseCeilingFid:F1})"));
            }
        }

        var final = trainer.Sample(evaluator.ReferenceCount, new Generator(ctx.Seed + 303), recipe.NumClasses > 0 ? FidLabels(evaluator.ReferenceCount) : null);
        double finalFid = evaluator.Fid(final);
        var histogram = evaluator.ClassHistogram(final);
        ConditionalScore? cond = recipe.NumClasses > 0
            ? evaluator.ScoreConditional(final, Enumerable.Range(0, evaluator.ReferenceCount).Select(i => i % 10).ToArray()) : null;
        SaveGrid(trainer.Sample(zGrid, gridLabels), Path.Combine(ctx.OutputDir, "samples.png"));
        SaveCharts(run, recipe, stepsPerEpoch, fidCurve, evaluator, ctx.OutputDir);

        var metrics = new Dictionary<string, object>
        {
            ["mnist_fid"] = Math.Round(finalFid, 3), ["fid_untrained"] = Math.Round(untrainedFid, 3), ["fid_floor"] = Math.Round(evaluator.FloorFid, 3), ["fid_noise_ceiling"] = Math.Round(evaluator.NoiseCeilingFid, 2),
            ["fid_samples"] = evaluator.ReferenceCount, ["evaluator_test_accuracy"] = evaluator.TestAccuracy,
            ["class_histogram"] = string.Join(" ", histogram), ["smallest_class_share"] = Math.Round(histogram.Min() / (double)histogram.Sum(), 4),
            ["epochs"] = recipe.Epochs, ["train_seconds"] = Math.Round(trainSeconds, 1), ["generator_steps"] = step / recipe.CriticSteps, ["run_dir"] = ctx.OutputDir,
        };
        if (cond is not null)
        {
            metrics["class_accuracy"] = Math.Round(cond.Accuracy, 4);
            metrics["min_class_accuracy"] = Math.Round(cond.MinClassAccuracy, 4);
            metrics["classes_covered"] = cond.ClassesCovered;
        }
        if (recipe.Objective == GanObjective.WassersteinGp)
        {
            metrics["wasserstein_estimate"] = Math.Round(lastW, 4);
            metrics["gradient_penalty"] = Math.Round(lastPenalty, 4);
        }
        metrics["untrained_class_histogram"] = string.Join(" ", untrainedHistogram);
        foreach (var (ep, f) in fidCurve) metrics[$"fid_epoch{ep:00}"] = Math.Round(f, 3);
        return new GanOutcome(finalFid, untrainedFid, lastW, lastPenalty, evaluator.FloorFid, evaluator.NoiseCeilingFid, histogram, cond, trainSeconds, metrics);
    }

    /// <summary>A 10×10 grid of [100, 1, 28, 28] images in [0, 1], on one shared grey scale (black 0, white 1).</summary>
    public static void SaveGrid(Tensor images, string path) =>
        ImageGrid.Render(images.Reshape(-1, 28, 28), columns: 10, zoom: 2, sharedScale: true).Save(path);

    private static void SaveCharts(Training.RunTracker run, GanRecipe recipe, int stepsPerEpoch, List<(double epoch, double fid)> fidCurve, MnistEvaluator ev, string dir)
    {
        (double[] x, double[] y) Curve(string key)
        {
            if (!run.History.TryGetValue(key, out var pts)) return ([], []);
            var ok = pts.Where(p => double.IsFinite(p.value)).ToArray();
            return (ok.Select(p => p.step / (double)stepsPerEpoch).ToArray(), ok.Select(p => p.value).ToArray());
        }
        var chart = new LineChart { Title = $"{recipe.Model}: losses", XLabel = "epoch", YLabel = recipe.Objective == GanObjective.WassersteinGp ? "loss / estimate" : "cross-entropy" };
        var (dx, dy) = Curve("train/d_loss");
        var (gx, gy) = Curve("train/g_loss");
        if (dx.Length > 0) chart.Add(recipe.Objective == GanObjective.WassersteinGp ? "critic loss (with GP)" : "discriminator", dx, dy);
        if (gx.Length > 0) chart.Add("generator", gx, gy);
        if (recipe.Objective == GanObjective.WassersteinGp)
        {
            var (wx, wy) = Curve("train/wasserstein_estimate");
            if (wx.Length > 0) chart.Add("W1 estimate E[f(real)] - E[f(fake)]", wx, wy);
        }
        if (dx.Length > 0) ClassifierTraining.Save(chart, dir, "losses");
        if (fidCurve.Count > 0)
        {
            var ex = fidCurve.Select(p => p.epoch).ToArray();
            ClassifierTraining.Save(new LineChart { Title = $"{recipe.Model}: MNIST-FID ({ev.ReferenceCount} samples)", XLabel = "epoch", YLabel = "FID", LogY = true }
                .Add("model", ex, fidCurve.Select(p => p.fid).ToArray())
                .Add("floor (train vs test)", ex, ex.Select(_ => Math.Max(ev.FloorFid, 1e-3)).ToArray())
                .Add("noise ceiling", ex, ex.Select(_ => ev.NoiseCeilingFid).ToArray()), dir, "fid");
        }
    }
}
