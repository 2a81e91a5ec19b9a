using System.Globalization;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Explain;
using Glassbox.Milestones.Recipes;
using Glassbox.ML.Metrics;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cnn-explained</c>: what a trained LeNet-5 looks at. Trains the <see cref="MnistLeNet"/> recipe briefly, then
/// writes its conv1 and conv2 filters, the feature maps of one test digit after each convolutional block, vanilla
/// gradient saliency (<see cref="Saliency"/>) and Grad-CAM on the conv2 block (<see cref="GradCam"/>) for the first
/// test digit of each class, and the test confusion matrix.
/// </summary>
/// <remarks>
/// The bar checks the pictures, not only that they were written: every picture's painted content has luminance
/// variance above 0, every single saliency and Grad-CAM tile too, and the saliency falls on the strokes — for every
/// explained digit, the share of its saliency mass on ink pixels (intensity ≥ ½ of the digit's range) exceeds the
/// share of the image those pixels cover. A map that ignored the digit (noise, a constant, a bug sending gradients
/// to the wrong pixels) would put about the ink fraction on ink; a trained network's gradient concentrates on and
/// around the strokes. At most two of the ten Grad-CAM maps may be all zero (see the comment at the check), and a
/// modest accuracy bar makes sure the network explained is a trained one.
/// </remarks>
public sealed class CnnExplainedMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "cnn-explained";

    /// <inheritdoc/>
    public override string Title => "LeNet-5 explained: filters, feature maps, saliency, Grad-CAM, confusion matrix";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (xTrain, yTrain, xTest, yTest) = MnistLeNet.Load(ctx.DataDir);
        // Three epochs of the full set put this recipe near 99% (the mnist-lenet milestone runs 12 for its 99.0% bar);
        // the explanations need a trained network, not the last tenth of a point.
        int epochs = 3;
        double bar = 0.98;
        if (ctx.Quick)
        {
            // Smoke run: one epoch over 20,000 images (157 SGD steps), 2,000 test images. A working network is near
            // 93.5% after it (seed 0); 85% is far above chance (10%) and a network whose convolutions do not learn.
            xTrain = xTrain.Narrow(0, 0, 20000); yTrain = yTrain.Narrow(0, 0, 20000);
            xTest = xTest.Narrow(0, 0, 2000); yTest = yTest.Narrow(0, 0, 2000);
            epochs = 1; bar = 0.85;
        }

        var gen = new Generator(ctx.Seed);
        var (model, opt, loader, sched) = MnistLeNet.Trainer(gen, xTrain, yTrain, epochs);
        var config = new Dictionary<string, object>
        {
            ["model"] = "LeNet-5 (ReLU, max-pool)", ["recipe"] = "MnistLeNet (SGD momentum 0.9, lr 0.05 cosine, wd 5e-4, batch 128, shifts ±2 px)",
            ["epochs"] = epochs, ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var (testAcc, pred, _) = ClassifierTraining.Fit(ctx, model, opt, loader, xTest, yTest, epochs, run, sched.Step);
        model.Eval();

        // The first test digit of each class, in class order: the pictures need no captions.
        var labels = yTest.ToArray<long>();
        var chosen = Enumerable.Range(0, 10).Select(c => Array.IndexOf(labels, (long)c)).ToArray();
        if (chosen.Any(i => i < 0)) throw new InvalidOperationException("cnn-explained: the test subset lacks a class");
        var digits = xTest.IndexSelect(0, Tensor.FromArray(chosen.Select(i => (long)i).ToArray()));
        long[] targets = chosen.Select(i => labels[i]).ToArray();
        var digitData = digits.ToDoubleArray();

        var saliency = Saliency.Vanilla(model, digits, targets).ToDoubleArray();
        var cam = GradCam.Compute(model.Features, model.Classify, digits, targets, outputSize: [28, 28], parameters: model.Parameters()).ToDoubleArray();

        var variances = new Dictionary<string, double>();
        void Save(string name, ExplainPictures pic)
        {
            pic.Image.Save(Path.Combine(ctx.OutputDir, name));
            variances[name] = pic.ContentVariance();
        }

        Save("conv1_filters.png", Conv1Filters(model));
        Save("conv2_filters.png", Conv2Filters(model));
        var (maps, deadConv1, deadConv2) = FeatureMaps(model, digits.Narrow(0, 0, 1));
        Save("feature_maps.png", maps);
        var salPic = Pairs(digitData, saliency, overlay: false);
        Save("saliency.png", salPic);
        var camPic = Pairs(digitData, cam, overlay: true);
        Save("gradcam.png", camPic);
        // Every map tile (the second of each pair) must be non-constant on its own.
        double minSaliencyTile = Enumerable.Range(0, 10).Min(i => ExplainPictures.Variance(salPic.Image, salPic.Tiles[2 * i + 1]));
        double minCamTile = Enumerable.Range(0, 10).Min(i => ExplainPictures.Variance(camPic.Image, camPic.Tiles[2 * i + 1]));

        var counts = Classification.ConfusionMatrix(yTest, Tensor.FromArray(pred), labels: [.. Enumerable.Range(0, 10).Select(c => (long)c)]).ToDoubleArray();
        var cm = new int[10, 10];
        for (int t = 0; t < 10; t++) for (int p = 0; p < 10; p++) cm[t, p] = (int)counts[t * 10 + p];
        var chart = Heatmap.ConfusionMatrix(cm, title: string.Create(CultureInfo.InvariantCulture, $"LeNet-5 on MNIST test ({labels.Length} digits, {testAcc:P2} correct)"))
            .SavePngAndRender(Path.Combine(ctx.OutputDir, "confusion.png"));
        var dataRect = ((int)chart.DataLeft, (int)chart.DataTop, (int)(chart.DataRight - chart.DataLeft), (int)(chart.DataBottom - chart.DataTop));
        variances["confusion.png"] = ExplainPictures.Variance(chart.Image, dataRect);

        var (salShare, inkFrac) = InkShares(digitData, saliency);
        var (camShare, _) = InkShares(digitData, cam);
        var camMax = Enumerable.Range(0, 10).Select(i => cam.AsSpan(i * 784, 784).ToArray().Max()).ToArray();
        var salMax = Enumerable.Range(0, 10).Select(i => saliency.AsSpan(i * 784, 784).ToArray().Max()).ToArray();
        for (int i = 0; i < 10; i++)
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
                $"digit {i}: saliency max {salMax[i]:G3}, on ink {salShare[i]:P1}; Grad-CAM max {camMax[i]:G3}, on ink {camShare[i]:P1}; ink {inkFrac[i]:P1}"));
        bool onStrokes = Enumerable.Range(0, 10).All(i => salShare[i] > inkFrac[i]);
        bool notBlank = variances.Values.All(v => v > 0) && minSaliencyTile > 0 && minCamTile > 0;
        // An all-zero Grad-CAM map is a possible outcome, not a rendering fault: it means Σₖ αₖ·Aₖ ≤ 0 at every one
        // of the 25 cells, i.e. no location of the 5×5 grid adds to the class score on balance (seen for one digit in
        // the full run). A broken implementation (wrong sign, wrong layer) empties most maps, so most must be non-empty.
        int camEmpty = camMax.Count(m => !(m > 0));
        bool camMostlyNonEmpty = camEmpty <= 2;
        bool passed = testAcc >= bar && notBlank && onStrokes && camMostlyNonEmpty;
        foreach (var (name, v) in variances)
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"{name}: content luminance variance {v:0.0}"));
        ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
            $"saliency on ink {salShare.Average():P1}, Grad-CAM on ink {camShare.Average():P1}, ink covers {inkFrac.Average():P1} of the image"));

        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["epochs"] = epochs,
            ["images_not_blank"] = notBlank, ["min_image_variance"] = Math.Round(variances.Values.Min(), 2),
            ["min_saliency_tile_variance"] = Math.Round(minSaliencyTile, 2), ["min_gradcam_tile_variance"] = Math.Round(minCamTile, 2),
            ["saliency_ink_share"] = Math.Round(salShare.Average(), 4), ["gradcam_ink_share"] = Math.Round(camShare.Average(), 4),
            ["ink_fraction"] = Math.Round(inkFrac.Average(), 4),
            ["min_saliency_ink_share_over_fraction"] = Math.Round(Enumerable.Range(0, 10).Min(i => salShare[i] / inkFrac[i]), 3),
            ["saliency_on_strokes_every_digit"] = onStrokes, ["gradcam_empty_maps"] = camEmpty,
            ["dead_conv1_maps"] = deadConv1, ["dead_conv2_maps"] = deadConv2, ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>
    /// Per digit: the share of the map's mass on ink pixels, and the share of pixels that are ink. Ink is an intensity
    /// at least half-way from the digit's darkest to its brightest pixel (standardisation is affine, so this is the
    /// same threshold as on the raw pixels).
    /// </summary>
    private static (double[] share, double[] fraction) InkShares(double[] digits, double[] maps)
    {
        var share = new double[10];
        var fraction = new double[10];
        for (int i = 0; i < 10; i++)
        {
            var d = digits.AsSpan(i * 784, 784);
            var m = maps.AsSpan(i * 784, 784);
            double lo = double.MaxValue, hi = double.MinValue;
            foreach (var v in d) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            double onInk = 0, total = 0;
            int ink = 0;
            for (int p = 0; p < 784; p++)
            {
                bool isInk = d[p] >= lo + 0.5 * (hi - lo);
                total += m[p];
                if (isInk) { onInk += m[p]; ink++; }
            }
            share[i] = total > 0 ? onInk / total : 0;
            fraction[i] = ink / 784.0;
        }
        return (share, fraction);
    }

    private const int Gap = 6, Margin = 10;

    /// <summary>The six 5×5 conv1 filters side by side, each on its own symmetric blue–white–red scale.</summary>
    private static ExplainPictures Conv1Filters(Models.LeNet5 model)
    {
        const int zoom = 16, side = 5 * zoom;
        var w = model.NamedParameters().First(p => p.Name == "conv1.weight").Parameter.ToDoubleArray();
        var pic = new ExplainPictures(2 * Margin + 6 * side + 5 * Gap, 2 * Margin + side);
        for (int f = 0; f < 6; f++)
        {
            var span = w.AsSpan(f * 25, 25);
            double scale = 0;
            foreach (var v in span) scale = Math.Max(scale, Math.Abs(v));
            pic.Signed(Margin + f * (side + Gap), Margin, span, 5, 5, zoom, scale);
        }
        return pic;
    }

    /// <summary>conv2's 16×6 kernels of 5×5: one column per output map, one row per input map, each column on its
    /// own symmetric scale (so that a column's kernels compare, and a weak output map is still visible).</summary>
    private static ExplainPictures Conv2Filters(Models.LeNet5 model)
    {
        const int zoom = 8, side = 5 * zoom, gap = 4;
        var w = model.NamedParameters().First(p => p.Name == "conv2.weight").Parameter.ToDoubleArray();
        var pic = new ExplainPictures(2 * Margin + 16 * side + 15 * gap, 2 * Margin + 6 * side + 5 * gap);
        for (int o = 0; o < 16; o++)
        {
            double scale = 0;
            foreach (var v in w.AsSpan(o * 150, 150)) scale = Math.Max(scale, Math.Abs(v));
            for (int i = 0; i < 6; i++)
                pic.Signed(Margin + o * (side + gap), Margin + i * (side + gap), w.AsSpan(o * 150 + i * 25, 25), 5, 5, zoom, scale);
        }
        return pic;
    }

    /// <summary>One digit, its six conv1-block maps (14×14, 3×2) and its sixteen conv2-block maps (5×5, 4×4), left to
    /// right; each block's maps share one inferno scale so that weak and dead maps look weak and dead.</summary>
    private static (ExplainPictures pic, int deadConv1, int deadConv2) FeatureMaps(Models.LeNet5 model, Tensor digit)
    {
        double[] a1, a2;
        using (GradMode.NoGrad())
        {
            var b1 = model.Conv1Block(digit);
            a1 = b1.ToDoubleArray();
            a2 = model.Conv2Block(b1).ToDoubleArray();
        }
        const int digitZoom = 6, z1 = 6, z2 = 12, big = 28 * digitZoom, t1 = 14 * z1, t2 = 5 * z2;
        int x1 = Margin + big + 3 * Gap, x2 = x1 + 3 * t1 + 2 * Gap + 3 * Gap;
        int width = x2 + 4 * t2 + 3 * Gap + Margin, height = 2 * Margin + Math.Max(big, 4 * t2 + 3 * Gap);
        var pic = new ExplainPictures(width, height);
        var d = digit.ToDoubleArray();
        pic.Gray(Margin, Margin, d, 28, 28, digitZoom, d.Min(), d.Max());
        double m1 = Math.Max(a1.Max(), 0), m2 = Math.Max(a2.Max(), 0);
        for (int k = 0; k < 6; k++)
            pic.Heat(x1 + (k % 3) * (t1 + Gap), Margin + (k / 3) * (t1 + Gap), a1.AsSpan(k * 196, 196), 14, 14, z1, m1);
        for (int k = 0; k < 16; k++)
            pic.Heat(x2 + (k % 4) * (t2 + Gap), Margin + (k / 4) * (t2 + Gap), a2.AsSpan(k * 25, 25), 5, 5, z2, m2);
        int dead1 = Enumerable.Range(0, 6).Count(k => a1.AsSpan(k * 196, 196).IndexOfAnyExcept(0.0) < 0);
        int dead2 = Enumerable.Range(0, 16).Count(k => a2.AsSpan(k * 25, 25).IndexOfAnyExcept(0.0) < 0);
        return (pic, dead1, dead2);
    }

    /// <summary>Ten digit | map pairs in two rows of five: the map as inferno heat beside the digit (saliency) or as
    /// a red–yellow overlay on it (Grad-CAM), each on its own scale from 0 to its maximum.</summary>
    private static ExplainPictures Pairs(double[] digits, double[] maps, bool overlay)
    {
        const int zoom = 4, side = 28 * zoom, inner = 2, pairW = 2 * side + inner;
        var pic = new ExplainPictures(2 * Margin + 5 * pairW + 4 * 3 * Gap, 2 * Margin + 2 * side + 3 * Gap);
        for (int i = 0; i < 10; i++)
        {
            int ox = Margin + (i % 5) * (pairW + 3 * Gap), oy = Margin + (i / 5) * (side + 3 * Gap);
            var d = digits.AsSpan(i * 784, 784);
            var m = maps.AsSpan(i * 784, 784);
            double lo = double.MaxValue, hi = double.MinValue, max = 0;
            foreach (var v in d) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            foreach (var v in m) max = Math.Max(max, v);
            pic.Gray(ox, oy, d, 28, 28, zoom, lo, hi);
            if (overlay) pic.Overlay(ox + side + inner, oy, d, m, 28, 28, zoom);
            else pic.Heat(ox + side + inner, oy, m, 28, 28, zoom, max);
        }
        return pic;
    }
}
