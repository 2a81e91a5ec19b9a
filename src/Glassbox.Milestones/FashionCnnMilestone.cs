using System.Diagnostics;
using System.Globalization;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.ML.Metrics;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Plotting;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>fashion-cnn</c>: the best small CNN that trains on two cores in the time given reaches ≥ 93.5% Fashion-MNIST
/// test accuracy (the Fashion-MNIST benchmark lists a two-convolution network with batch norm at 93.4%), seeded and
/// reproducible, and writes its training curves, its confusion matrix and a grid of its most confident mistakes.
/// Recipe: <see cref="FashionCnn"/> (three conv-BN-ReLU-pool blocks of 32/64/128 channels, dropout, a 256-unit
/// hidden layer; SGD Nesterov with the one-cycle schedule, label smoothing 0.1, crop-and-flip augmentation).
/// </summary>
public sealed class FashionCnnMilestone : Milestone
{
    /// <summary>The published accuracy the bar is set beside: "2 Conv + pooling + BatchNorm" in the Fashion-MNIST benchmark.</summary>
    public const double PublishedAccuracy = 0.934;

    /// <inheritdoc/>
    public override string Id => "fashion-cnn";

    /// <inheritdoc/>
    public override string Title => "A small CNN reaches >= 93.5% Fashion-MNIST test accuracy; curves, confusion matrix, confident mistakes";

    /// <summary>
    /// Epochs of the full run (each ≈ 2.8 TFLOP of training arithmetic; see <see cref="FashionCnn"/>). A 15-epoch run
    /// took 30 s an epoch on two quiet cores and ended at 92.6%, still underfitting (training accuracy 92.7%, rising
    /// ~0.4 points an epoch at the end), so the budget of 20 minutes buys the schedule twice as many epochs.
    /// </summary>
    public const int Epochs = 30;

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (xTrain, yTrain, xTest, yTest, mean, std) = FashionCnn.Load(ctx.DataDir);
        int epochs = Epochs;
        double bar = 0.935;
        if (ctx.Quick)
        {
            // Smoke run: 5,120 training images (40 steps an epoch), 2 epochs, 1,000 test images. Chance is 10%; seed 0
            // reached 78.4% on the AVX-512 path, and 78.4% again with GLASSBOX_CONV_PADDED_WIDTH=0.
            // 70% leaves eight points for another SIMD path's summation order while still failing a run whose
            // layers or backward passes are broken enough to slow learning materially.
            xTrain = xTrain.Narrow(0, 0, 5120); yTrain = yTrain.Narrow(0, 0, 5120);
            xTest = xTest.Narrow(0, 0, 1000); yTest = yTest.Narrow(0, 0, 1000);
            epochs = 2; bar = 0.70;
        }

        var gen = new Generator(ctx.Seed);
        var (model, opt, loader, sched) = FashionCnn.Trainer(gen, xTrain, yTrain, mean, std, epochs);
        var config = new Dictionary<string, object>
        {
            ["model"] = "3 x (conv3x3-BN-ReLU-maxpool) 32/64/128, dropout 0.3, FC 256, dropout 0.3, FC 10",
            ["parameters"] = model.Parameters().Sum(p => (long)p.Numel), ["optimizer"] = "SGD Nesterov, weight decay 5e-4",
            ["schedule"] = $"one-cycle, max lr {FashionCnn.MaxLr}, momentum 0.95-0.85", ["label_smoothing"] = FashionCnn.LabelSmoothing,
            ["augmentation"] = "random crop 28 with zero padding 2, horizontal flip p=0.5", ["batch_size"] = 128, ["epochs"] = epochs,
            ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());
        var xTestStd = FashionCnn.Standardize(xTest, mean, std);

        var total = Stopwatch.StartNew();
        double testAcc = 0, trainSeconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            double lr = opt.ParamGroups[0].Lr;
            var (loss, acc, secs) = TrainEpoch(model, opt, loader, sched.Step,
                (step, steps, seen, l, a) => ctx.Progress.Step(epoch, epochs, step, steps, seen, l, a));
            trainSeconds += secs;
            (testAcc, _) = ClassifierTraining.Evaluate(model, xTestStd, yTest);
            run.Log(epoch, new Dictionary<string, double>
            {
                ["train/loss"] = loss, ["train/accuracy"] = acc, ["test/accuracy"] = testAcc, ["epoch_seconds"] = secs, ["lr_at_start"] = lr,
            });
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train loss {loss:0.0000}, train acc {acc:P2}, test acc {testAcc:P2}, {secs:0.0} s ({xTrain.Size(0) / secs:0} img/s)"));
        }
        double wallSeconds = total.Elapsed.TotalSeconds;

        var probs = FashionCnn.Probabilities(model, xTestStd);
        var labels = yTest.ToArray<long>();
        var pred = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            for (int c = 1; c < 10; c++) if (probs[i * 10 + c] > probs[i * 10 + best]) best = c;
            pred[i] = best;
        }
        SaveCurves(run, ctx.OutputDir);
        var cm = SaveConfusion(yTest, pred, testAcc, ctx.OutputDir);
        SaveConfidentMistakes(xTest, labels, pred, probs, Path.Combine(ctx.OutputDir, "confident_mistakes.png"));
        // The class the network confuses most: the largest off-diagonal cell (expected: shirts taken for T-shirts).
        var (worstT, worstP) = (0, 1);
        for (int t = 0; t < 10; t++) for (int p = 0; p < 10; p++) if (t != p && cm[t, p] > cm[worstT, worstP]) (worstT, worstP) = (t, p);

        return new MilestoneResult(Id, testAcc >= bar, new Dictionary<string, object>
        {
            ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["published_2conv_bn_accuracy"] = PublishedAccuracy, ["epochs"] = epochs,
            ["train_seconds"] = Math.Round(trainSeconds, 2), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 2),
            ["wall_seconds_train_and_eval"] = Math.Round(wallSeconds, 1), ["time_bar_seconds"] = 1200,
            ["mistakes"] = labels.Length - (int)Math.Round(testAcc * labels.Length),
            ["most_confused"] = $"{FashionCnn.ClassNames[worstT]} -> {FashionCnn.ClassNames[worstP]} ({cm[worstT, worstP]})", ["run_dir"] = ctx.OutputDir,
        }, 0);
    }

    /// <summary>One pass over the loader with the label-smoothed loss; returns (mean loss, accuracy, seconds).</summary>
    private static (double loss, double acc, double seconds) TrainEpoch(Sequential model, Optimizer opt, DataLoader loader, Action afterStep,
        Action<int, int, long, double, double> onStep)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        double lossSum = 0; long correct = 0, seen = 0; int step = 0;
        foreach (var (x, y) in loader)
        {
            using var scope = new TensorScope();
            var logits = model.Forward(x);
            var loss = F.CrossEntropy(logits, y, labelSmoothing: FashionCnn.LabelSmoothing);
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            afterStep();
            int n = x.Size(0);
            lossSum += loss.Item() * n;
            correct += (long)logits.ArgMax(1).Eq(y).Sum().Item();
            seen += n; step++;
            onStep(step, loader.Count, seen, lossSum / seen, (double)correct / seen);
        }
        return (lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), sw.Elapsed.TotalSeconds);
    }

    private static void SaveCurves(Training.RunTracker run, string dir)
    {
        var (ex, lossY) = ClassifierTraining.Curve(run, "train/loss");
        ClassifierTraining.Save(new LineChart { Title = "Fashion-MNIST CNN: training loss (label-smoothed cross-entropy)", XLabel = "epoch", YLabel = "loss" }
            .Add("train", ex, lossY), dir, "loss");
        var errTrain = ClassifierTraining.Curve(run, "train/accuracy").y.Select(a => 1 - a).ToArray();
        var errTest = ClassifierTraining.Curve(run, "test/accuracy").y.Select(a => 1 - a).ToArray();
        ClassifierTraining.Save(new LineChart { Title = "Fashion-MNIST CNN: error rate (bar: 6.5% test error)", XLabel = "epoch", YLabel = "error", LogY = true }
            .Add("train (augmented, dropout on)", ex, errTrain).Add("test", ex, errTest)
            .Add("bar 6.5%", [ex[0], ex[^1]], [0.065, 0.065]), dir, "error");
    }

    private static int[,] SaveConfusion(Tensor yTest, long[] pred, double testAcc, string dir)
    {
        var counts = Classification.ConfusionMatrix(yTest, Tensor.FromArray(pred), labels: [.. Enumerable.Range(0, 10).Select(c => (long)c)]).ToDoubleArray();
        var cm = new int[10, 10];
        for (int t = 0; t < 10; t++) for (int p = 0; p < 10; p++) cm[t, p] = (int)counts[t * 10 + p];
        // The factory's layout (sklearn's ConfusionMatrixDisplay) on a wider canvas, so ten garment names fit under the columns.
        var m = new double[10, 10];
        for (int t = 0; t < 10; t++) for (int p = 0; p < 10; p++) m[t, p] = cm[t, p];
        new Heatmap(m)
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Fashion-MNIST test ({pred.Length} images, {testAcc:P2} correct)"),
            XLabel = "predicted label", YLabel = "true label", RowLabels = FashionCnn.ShortNames, ColumnLabels = FashionCnn.ShortNames,
            Annotate = true, Format = "0", Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues()), Width = 920, Height = 640,
        }.SavePngAndRender(Path.Combine(dir, "confusion.png"));
        return cm;
    }

    /// <summary>
    /// The 32 test images misclassified with the highest predicted probability, most confident first, captioned
    /// "true>predicted p" with the short class names and framed red; raw pixels, not standardised.
    /// </summary>
    private static void SaveConfidentMistakes(Tensor images, long[] labels, long[] pred, float[] probs, string path)
    {
        var wrong = Enumerable.Range(0, labels.Length).Where(i => pred[i] != labels[i])
            .OrderByDescending(i => probs[i * 10 + pred[i]]).ThenBy(i => i).Take(32).ToArray();
        if (wrong.Length == 0) return;
        var tiles = images.IndexSelect(0, Tensor.FromArray(wrong.Select(i => (long)i).ToArray())).Reshape(wrong.Length, 28, 28);
        ImageGrid.Render(tiles, columns: 8, zoom: 5,
            captions: wrong.Select(i => string.Create(CultureInfo.InvariantCulture, $"{FashionCnn.ShortNames[labels[i]]}>{FashionCnn.ShortNames[pred[i]]} {probs[i * 10 + pred[i]]:0.00}")).ToArray(),
            frames: wrong.Select(_ => new Rgb(214, 39, 40)).ToArray()).Save(path);
    }
}
