using Glassbox.Data;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Plotting;
using Glassbox.Training;
using Glassbox.Milestones.Recipes;
using Glassbox.Serving;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-mlp</c>: a from-scratch MLP reaches ≥ 98.0% MNIST test accuracy, seeded and reproducible, then writes its
/// learning curves, a grid of its mistakes, and the trained network (model.safetensors with its serving description model.arch.json). Recipe (docs/milestones/mnist-mlp.md): 784-512-256-10 ReLU, Adam
/// lr 1e-3 with cosine decay to 0 over the run, batch 128, standardised pixels, 8 epochs.
/// </summary>
public sealed class MnistMlpMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-mlp";

    /// <inheritdoc/>
    public override string Title => "784-512-256-10 MLP reaches >= 98.0% MNIST test accuracy; curves and mistakes saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var data = DatasetRegistry.Mnist(ctx.DataDir, flatten: true, download: true);
        Tensor xTrain = data.Train.Images, yTrain = data.Train.Labels, xTest = data.Test.Images, yTest = data.Test.Labels;
        int epochs = 8;
        double bar = 0.98;
        if (ctx.Quick)
        {
            // Smoke run: 15,000 training images, 2,000 test images, 2 epochs (236 Adam steps, ~2 s). Seed 0 reaches
            // 92.4% here; the 90% bar catches a broken pipeline while leaving room for a CPU whose GEMM path (AVX2 vs
            // AVX-512) sums in another order.
            xTrain = xTrain.Narrow(0, 0, 15000); yTrain = yTrain.Narrow(0, 0, 15000);
            xTest = xTest.Narrow(0, 0, 2000); yTest = yTest.Narrow(0, 0, 2000);
            epochs = 2; bar = 0.90;
        }
        var pixels = MnistMlp.PixelStatistics(xTrain);
        (xTrain, xTest) = MnistMlp.StandardizeWith(xTrain, xTest, pixels);

        var gen = new Generator(ctx.Seed);
        var model = MnistMlp.Build(gen);
        var opt = new Adam(model.Parameters(), lr: 1e-3);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen);
        var sched = new CosineAnnealingLR(opt, tMax: epochs * loader.Count);
        var config = new Dictionary<string, object>
        {
            ["model"] = "784-512-256-10 ReLU", ["optimizer"] = "Adam", ["lr"] = 1e-3, ["schedule"] = "cosine to 0 per step",
            ["batch_size"] = 128, ["epochs"] = epochs, ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());

        var (testAcc, pred, trainSeconds) = ClassifierTraining.Fit(ctx, model, opt, loader, xTest, yTest, epochs, run, sched.Step);

        var (ex, lossY) = ClassifierTraining.Curve(run, "train/loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST MLP: training loss", XLabel = "epoch", YLabel = "cross-entropy", LogY = true }
            .Add("train", ex, lossY), ctx.OutputDir, "loss");
        ClassifierTraining.Save(new LineChart { Title = "MNIST MLP: accuracy", XLabel = "epoch", YLabel = "accuracy" }
            .Add("train", ex, ClassifierTraining.Curve(run, "train/accuracy").y).Add("test", ex, ClassifierTraining.Curve(run, "test/accuracy").y), ctx.OutputDir, "accuracy");
        var labels = yTest.ToArray<long>();
        ClassifierTraining.SaveMistakes(xTest, labels, pred, Path.Combine(ctx.OutputDir, "mistakes.png"));
        // First-layer weights: each of the first 64 hidden units' 784 weights as a 28×28 picture.
        var w1 = model.Parameters().First().Narrow(0, 0, 64);
        ImageGrid.Render(w1.Detach(), columns: 16, zoom: 2, tileHeight: 28).Save(Path.Combine(ctx.OutputDir, "first_layer_weights.png"));

        // The trained network and its description, so that `glassbox serve runs/mnist-mlp/model.safetensors` serves it
        // on raw [0, 1] pixels (the description standardises them as training did).
        var modelPath = Path.Combine(ctx.OutputDir, "model.safetensors");
        Checkpoint.Save(modelPath, model);
        new NetworkDescription(new MlpArchitecture(784, [512, 256], 10), NetworkTask.Classification, pixels).Save(NetworkDescription.PathFor(modelPath));

        return new MilestoneResult(Id, testAcc >= bar, new Dictionary<string, object>
        {
            ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["epochs"] = epochs,
            ["train_seconds"] = Math.Round(trainSeconds, 2), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 3),
            ["mistakes"] = labels.Length - (int)Math.Round(testAcc * labels.Length), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
