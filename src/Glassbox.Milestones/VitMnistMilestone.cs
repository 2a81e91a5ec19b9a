using System.Globalization;
using Glassbox.Explain;
using Glassbox.Milestones.Recipes;
using Glassbox.NN;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// <c>vit-mnist</c>: a small Vision Transformer (Dosovitskiy et al. 2021) reaches ≥ 98.0% MNIST test accuracy, and
/// attention rollout (Abnar &amp; Zuidema 2020) shows which patches of a few test digits the class token drew on.
/// Recipe: <see cref="VitMnist"/> (7×7 patches, 4 pre-norm blocks of width 64, AdamW with warm-up and cosine decay,
/// ±2-pixel shifts).
/// </summary>
/// <remarks>
/// <para>The bar is below LeNet-5's 99% on purpose: convolutions know about locality and translation, while a ViT
/// trained from scratch must learn both from 60,000 digits (Dosovitskiy et al. find ViTs behind CNNs when data are
/// few). It is still well above a linear classifier on the pixels (about 92%, logistic regression's usual figure).</para>
/// <para><b>Rollout check.</b> The pictures must show something: for the first test digit of each class, the rollout's
/// class-token map over the 4×4 patch grid must not be flat (its largest entry at least 1.25 times its mean; a uniform map has exactly 1), and,
/// summed over the ten digits, the map must put more of its mass on patches that contain ink than those patches'
/// share of the grid. A network whose class token ignored the image (or a rollout of a broken attention) would spread
/// its mass evenly and fail both.</para>
/// </remarks>
public sealed class VitMnistMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "vit-mnist";

    /// <inheritdoc/>
    public override string Title => "Vision Transformer reaches >= 98.0% MNIST test accuracy; attention rollout of test digits saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (xTrain, yTrain, xTest, yTest) = MnistLeNet.Load(ctx.DataDir);
        int epochs = 8;
        double bar = 0.98;
        if (ctx.Quick)
        {
            // Smoke run: one epoch over 8,000 images (63 AdamW steps, 10 of them warm-up), 1,000 test images. A ViT
            // starts slowly (its class token must first learn to read the patches): this run ends at 44.5% on all three
            // SIMD paths (seed 0), and a PyTorch 1.13 twin of the recipe at 42%. The 30% bar is three times chance;
            // a class token that could not attend to the patches would predict one class for every image (about 11%).
            xTrain = xTrain.Narrow(0, 0, 8000); yTrain = yTrain.Narrow(0, 0, 8000);
            xTest = xTest.Narrow(0, 0, 1000); yTest = yTest.Narrow(0, 0, 1000);
            epochs = 1; bar = 0.30;
        }

        var gen = new Generator(ctx.Seed);
        var (model, opt, loader, sched) = VitMnist.Trainer(gen, xTrain, yTrain, epochs, warmupSteps: ctx.Quick ? 10 : null);
        var config = new Dictionary<string, object>
        {
            ["model"] = "ViT: patch 7, 4 pre-norm blocks, width 64, 4 heads, MLP 128", ["parameters"] = model.ParameterCount,
            ["optimizer"] = "AdamW", ["lr"] = VitMnist.LearningRate, ["weight_decay"] = VitMnist.WeightDecay,
            ["schedule"] = "linear warm-up 1 epoch, cosine to 0 per step", ["augmentation"] = "random shift ±2 px (edge-replicated crop)",
            ["batch_size"] = VitMnist.BatchSize, ["epochs"] = epochs, ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = new RunTracker(ctx.OutputDir, config);
        ctx.Progress.Info(model.ToString());

        var (testAcc, pred, trainSeconds) = ClassifierTraining.Fit(ctx, model, opt, loader, xTest, yTest, epochs, run, sched.Step);

        var (ex, lossY) = ClassifierTraining.Curve(run, "train/loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST ViT: training loss", XLabel = "epoch", YLabel = "cross-entropy", LogY = true }
            .Add("train", ex, lossY), ctx.OutputDir, "loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST ViT: error rate", XLabel = "epoch", YLabel = "error", LogY = true }
            .Add("train", ex, ClassifierTraining.Curve(run, "train/accuracy").y.Select(a => 1 - a).ToArray())
            .Add("test", ex, ClassifierTraining.Curve(run, "test/accuracy").y.Select(a => 1 - a).ToArray()), ctx.OutputDir, "error");
        var labels = yTest.ToArray<long>();
        ClassifierTraining.SaveMistakes(xTest, labels, pred, Path.Combine(ctx.OutputDir, "mistakes.png"));

        // Attention rollout of the first test digit of each class, in class order.
        model.Eval();
        var chosen = Enumerable.Range(0, 10).Select(c => Array.IndexOf(labels, (long)c)).ToArray();
        if (chosen.Any(i => i < 0)) throw new InvalidOperationException("vit-mnist: the test subset lacks a class");
        var digits = xTest.IndexSelect(0, Tensor.FromArray(chosen.Select(i => (long)i).ToArray()));
        var grid = AttentionRollout.ClassTokenMaps(AttentionRollout.Compute(model.AttentionMaps(digits)), model.GridSize);
        var (peak, inkShare, inkArea) = RolloutStats(digits, grid, model.PatchSize);
        RolloutPicture(digits, grid).Image.Save(Path.Combine(ctx.OutputDir, "rollout.png"));
        bool rolloutOk = peak >= 1.25 && inkShare > inkArea;
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
            $"rollout: smallest peak/mean {peak:0.00}, mass on inked patches {inkShare:P1} (their area {inkArea:P1})"));

        return new MilestoneResult(Id, testAcc >= bar && rolloutOk, new Dictionary<string, object>
        {
            ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["epochs"] = epochs, ["parameters"] = model.ParameterCount,
            ["train_seconds"] = Math.Round(trainSeconds, 2), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 3),
            ["mistakes"] = labels.Length - (int)Math.Round(testAcc * labels.Length),
            ["rollout_min_peak_over_mean"] = Math.Round(peak, 3), ["rollout_mass_on_ink"] = Math.Round(inkShare, 4),
            ["ink_patch_area"] = Math.Round(inkArea, 4), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>
    /// The rollout checks: the smallest (over digits) ratio of a map's peak to its mean, and, over all ten digits, the
    /// share of rollout mass on patches containing ink (a pixel above the midpoint of the digit's range) beside those
    /// patches' share of all patches.
    /// </summary>
    private static (double MinPeakOverMean, double InkShare, double InkArea) RolloutStats(Tensor digits, Tensor maps, int patch)
    {
        int n = digits.Size(0), g = maps.Size(1);
        var d = digits.ToDoubleArray();
        var m = maps.ToDoubleArray();
        double minPeak = double.MaxValue, massInk = 0, mass = 0;
        int inkPatches = 0;
        for (int i = 0; i < n; i++)
        {
            var img = d.AsSpan(i * 784, 784);
            double lo = double.MaxValue, hi = double.MinValue;
            foreach (var v in img) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            double mid = (lo + hi) / 2, sum = 0, max = 0;
            for (int p = 0; p < g * g; p++)
            {
                double w = m[i * g * g + p];
                sum += w; max = Math.Max(max, w);
                bool ink = false;
                for (int r = 0; r < patch && !ink; r++)
                    for (int c = 0; c < patch && !ink; c++)
                        ink = img[((p / g) * patch + r) * 28 + (p % g) * patch + c] > mid;
                if (ink) { massInk += w; inkPatches++; }
            }
            mass += sum;
            minPeak = Math.Min(minPeak, sum > 0 ? max / (sum / (g * g)) : 0);
        }
        return (minPeak, mass > 0 ? massInk / mass : 0, (double)inkPatches / (n * g * g));
    }

    /// <summary>
    /// Ten digit | rollout | overlay triples in two rows of five: the digit, its class-token rollout over the patch grid
    /// (inferno, each patch a flat square, so the 7×7 tokens are visible), and the same map bilinearly smoothed to the
    /// image and laid over the digit in red–yellow. Each map is stretched from its smallest patch (black, no overlay) to
    /// its largest (pale yellow): rollout maps are far from zero everywhere (every patch feeds the class token a
    /// little), and drawn from 0 they would show as one flat colour.
    /// </summary>
    private static ExplainPictures RolloutPicture(Tensor digits, Tensor maps)
    {
        const int zoom = 4, side = 28 * zoom, inner = 2, tripleW = 3 * side + 2 * inner, margin = 12, gap = 18;
        int n = maps.Size(0), cells = maps.Size(1) * maps.Size(2);
        var raw = maps.ToDoubleArray();
        for (int i = 0; i < n; i++)
        {
            var m = raw.AsSpan(i * cells, cells);
            double lo = double.MaxValue, hi = double.MinValue;
            foreach (var v in m) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            for (int j = 0; j < cells; j++) m[j] = hi > lo ? (m[j] - lo) / (hi - lo) : 0;
        }
        var stretched = Tensor.FromArray(raw, [n, 1, maps.Size(1), maps.Size(2)]);
        var nearest = F.Interpolate(stretched, size: [28, 28], mode: InterpolationMode.Nearest).ToDoubleArray();
        var smooth = F.Interpolate(stretched, size: [28, 28], mode: InterpolationMode.Bilinear, alignCorners: false).ToDoubleArray();
        var d = digits.ToDoubleArray();
        var pic = new ExplainPictures(2 * margin + 5 * tripleW + 4 * gap, 2 * margin + 2 * side + gap);
        for (int i = 0; i < digits.Size(0); i++)
        {
            int ox = margin + (i % 5) * (tripleW + gap), oy = margin + (i / 5) * (side + gap);
            var img = d.AsSpan(i * 784, 784);
            double lo = double.MaxValue, hi = double.MinValue;
            foreach (var v in img) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            pic.Gray(ox, oy, img, 28, 28, zoom, lo, hi);
            pic.Heat(ox + side + inner, oy, nearest.AsSpan(i * 784, 784), 28, 28, zoom, 1.0);
            pic.Overlay(ox + 2 * (side + inner), oy, img, smooth.AsSpan(i * 784, 784), 28, 28, zoom);
        }
        return pic;
    }
}
