using Glassbox.Plotting;
using Glassbox.Training;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-lenet</c>: LeNet-5 reaches ≥ 99.0% MNIST test accuracy (LeCun et al. 1998 report 0.95% test error for
/// LeNet-5 without distortions), seeded and reproducible, and writes its learning curves, its first-layer filters and
/// a grid of its mistakes. Recipe (<see cref="MnistLeNet"/>): ReLU/max-pool LeNet-5, SGD momentum 0.9, lr 0.05 with
/// cosine decay to 0 over the run, weight decay 5e-4, batch 128, standardised pixels, 12 epochs, and each training
/// image shifted by up to 2 pixels each way (a random 28×28 crop of the edge-replicated 32×32 image). Without the
/// shifts the same run ends at 99.10%, too near the bar for a seed or a summation order to be safe; LeCun et al.
/// likewise report 0.8% error with distorted training images against 0.95% without.
/// </summary>
public sealed class MnistLeNetMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-lenet";

    /// <inheritdoc/>
    public override string Title => "LeNet-5 reaches >= 99.0% MNIST test accuracy; curves, filters and mistakes saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (xTrain, yTrain, xTest, yTest) = MnistLeNet.Load(ctx.DataDir);
        int epochs = 12;
        double bar = 0.99;
        if (ctx.Quick)
        {
            // Smoke run: 10,000 training images, 2,000 test images, 2 epochs (158 SGD steps). A working network is
            // near 96% here; the 93% bar catches a broken pipeline (chance is 10%, a network whose convolutions do
            // not learn stalls near 90%) with room for the summation order of another SIMD path.
            xTrain = xTrain.Narrow(0, 0, 10000); yTrain = yTrain.Narrow(0, 0, 10000);
            xTest = xTest.Narrow(0, 0, 2000); yTest = yTest.Narrow(0, 0, 2000);
            epochs = 2; bar = 0.93;
        }

        var gen = new Generator(ctx.Seed);
        var (model, opt, loader, sched) = MnistLeNet.Trainer(gen, xTrain, yTrain, epochs);
        var config = new Dictionary<string, object>
        {
            ["model"] = "LeNet-5 (ReLU, max-pool)", ["parameters"] = model.Parameters().Sum(p => (long)p.Numel),
            ["optimizer"] = "SGD momentum 0.9", ["lr"] = 0.05, ["weight_decay"] = 5e-4, ["schedule"] = "cosine to 0 per step",
            ["augmentation"] = "random shift ±2 px (edge-replicated crop)", ["batch_size"] = 128, ["epochs"] = epochs, ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());

        var (testAcc, pred, trainSeconds) = ClassifierTraining.Fit(ctx, model, opt, loader, xTest, yTest, epochs, run, sched.Step);

        var (ex, lossY) = ClassifierTraining.Curve(run, "train/loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST LeNet-5: training loss", XLabel = "epoch", YLabel = "cross-entropy", LogY = true }
            .Add("train", ex, lossY), ctx.OutputDir, "loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST LeNet-5: error rate", XLabel = "epoch", YLabel = "error", LogY = true }
            .Add("train", ex, ClassifierTraining.Curve(run, "train/accuracy").y.Select(a => 1 - a).ToArray())
            .Add("test", ex, ClassifierTraining.Curve(run, "test/accuracy").y.Select(a => 1 - a).ToArray()), ctx.OutputDir, "error");
        var labels = yTest.ToArray<long>();
        ClassifierTraining.SaveMistakes(xTest, labels, pred, Path.Combine(ctx.OutputDir, "mistakes.png"));
        // The six 5×5 filters of conv1, enlarged: edge and stroke detectors after training.
        var w1 = model.Parameters().First().Detach().Reshape(6, 5, 5);
        ImageGrid.Render(w1, columns: 6, zoom: 12).Save(Path.Combine(ctx.OutputDir, "conv1_filters.png"));

        return new MilestoneResult(Id, testAcc >= bar, new Dictionary<string, object>
        {
            ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["paper_test_error"] = 0.0095, ["epochs"] = epochs,
            ["train_seconds"] = Math.Round(trainSeconds, 2), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 3),
            ["mistakes"] = labels.Length - (int)Math.Round(testAcc * labels.Length), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
