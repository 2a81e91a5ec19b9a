using System.Diagnostics;
using System.Globalization;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Plotting;
using Glassbox.Training;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The supervised-classification loop every image milestone and benchmark shares: one epoch of cross-entropy
/// training over a loader, accuracy on a held-out set, and the per-epoch fit with progress, logging and curves.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>One pass over the loader; returns (mean loss, accuracy, seconds, samples).</summary>
    public static (double loss, double acc, double seconds, long samples) TrainEpoch(Module<Tensor, Tensor> model, Optimizer opt, DataLoader loader,
        Action<int, int, long, double, double>? onStep = null, Action? afterStep = null)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        double lossSum = 0; long correct = 0, seen = 0; int step = 0, steps = loader.Count;
        foreach (var (x, y) in loader)
        {
            using var scope = new TensorScope();
            var logits = model.Forward(x);
            var loss = F.CrossEntropy(logits, y);
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            afterStep?.Invoke();
            int n = x.Size(0);
            lossSum += loss.Item() * n;
            correct += (long)logits.ArgMax(1).Eq(y).Sum().Item();
            seen += n; step++;
            onStep?.Invoke(step, steps, seen, lossSum / seen, (double)correct / seen);
        }
        return (lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), sw.Elapsed.TotalSeconds, seen);
    }

    /// <summary>Accuracy and predicted labels on a held-out set, in batches of 1000 without recording the graph.</summary>
    public static (double acc, long[] predictions) Evaluate(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        int n = x.Size(0);
        var pred = new long[n];
        for (int s = 0; s < n; s += 1000)
        {
            using var scope = new TensorScope();
            int len = Math.Min(1000, n - s);
            var p = model.Forward(x.Narrow(0, s, len)).ArgMax(1).ToArray<long>();
            Array.Copy(p, 0, pred, s, len);
        }
        var labels = y.ToArray<long>();
        int correct = 0;
        for (int i = 0; i < n; i++) if (pred[i] == labels[i]) correct++;
        return ((double)correct / Math.Max(n, 1), pred);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs, evaluating on the held-out set after each; logs train/loss,
    /// train/accuracy, test/accuracy and epoch_seconds to <paramref name="run"/> and one line per epoch to the
    /// progress display; writes the last test confusion matrix as <c>test.confusion-matrix.json</c> (see
    /// <see cref="ConfusionMatrixLog"/>). Returns the last test accuracy, its predictions and the summed training seconds.
    /// </summary>
    public static (double testAccuracy, long[] predictions, double trainSeconds) Fit(MilestoneContext ctx, Module<Tensor, Tensor> model,
        Optimizer opt, DataLoader loader, Tensor xTest, Tensor yTest, int epochs, RunTracker run, Action? afterStep = null)
    {
        double testAcc = 0, trainSeconds = 0;
        long[] pred = [];
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            var (loss, acc, secs, _) = TrainEpoch(model, opt, loader,
                (step, steps, seen, l, a) => ctx.Progress.Step(epoch, epochs, step, steps, seen, l, a), afterStep);
            trainSeconds += secs;
            (testAcc, pred) = Evaluate(model, xTest, yTest);
            run.Log(epoch, new Dictionary<string, double> { ["train/loss"] = loss, ["train/accuracy"] = acc, ["test/accuracy"] = testAcc, ["epoch_seconds"] = secs });
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: train loss {loss:0.0000}, train acc {acc:P2}, test acc {testAcc:P2}, {secs:0.00} s"));
        }
        if (epochs > 0) ConfusionMatrixLog.Write(ctx.OutputDir, "test", yTest.ToArray<long>(), pred);
        return (testAcc, pred, trainSeconds);
    }

    /// <summary>The logged values of <paramref name="key"/> as (epochs, values) arrays for a chart.</summary>
    public static (double[] x, double[] y) Curve(RunTracker run, string key)
    {
        var points = run.History[key];
        return (points.Select(p => (double)p.step).ToArray(), points.Select(p => p.value).ToArray());
    }

    /// <summary>Saves a chart as <paramref name="name"/>.svg and .png in <paramref name="folder"/>.</summary>
    public static void Save(LineChart chart, string folder, string name)
    {
        chart.SaveSvg(Path.Combine(folder, name + ".svg"));
        chart.SavePng(Path.Combine(folder, name + ".png"));
    }

    /// <summary>
    /// The first 40 misclassified images of [N, 28, 28]-reshapeable <paramref name="images"/>, captioned
    /// "true>predicted" and framed red, written to <paramref name="path"/> (nothing when there is no mistake).
    /// </summary>
    public static void SaveMistakes(Tensor images, long[] labels, long[] predictions, string path)
    {
        var wrong = Enumerable.Range(0, labels.Length).Where(i => predictions[i] != labels[i]).Take(40).ToArray();
        if (wrong.Length == 0) return;
        var tiles = images.IndexSelect(0, Tensor.FromArray(wrong.Select(i => (long)i).ToArray())).Reshape(wrong.Length, 28, 28);
        ImageGrid.Render(tiles, columns: 10, zoom: 2, captions: wrong.Select(i => $"{labels[i]}>{predictions[i]}").ToArray(),
            frames: wrong.Select(_ => new Rgb(214, 39, 40)).ToArray()).Save(path);
    }
}
