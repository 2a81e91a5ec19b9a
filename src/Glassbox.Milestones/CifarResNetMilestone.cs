using System.Globalization;
using Glassbox.Data;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Plotting;
using Glassbox.Training;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>cifar-resnet</c>: CIFAR ResNet-20 (He et al. 2016 §4.2: 3×3 convolutions, 3 stages of 3 basic blocks with
/// 16/32/64 channels, option-A shortcuts, batch norm, 269,722 parameters) trained with the paper's recipe scaled to
/// the time given: SGD momentum 0.9, lr 0.1, weight decay 1e-4, batch 128, pad-4 random crops and horizontal flips,
/// lr divided by 10 at 50% and 75% of the steps (the paper: 64k steps, divisions at 32k and 48k). The paper's
/// 91.25% test accuracy after 64k steps is reported beside the result. CIFAR-10 is used when the data folder has
/// it; otherwise Fashion-MNIST padded to 32×32 stands in, and the output says so.
/// </summary>
public sealed class CifarResNetMilestone : Milestone
{
    /// <summary>He et al. 2016, Table 6: ResNet-20 test error 8.75%.</summary>
    public const double PaperAccuracy = 0.9125;

    /// <inheritdoc/>
    public override string Id => "cifar-resnet";

    /// <inheritdoc/>
    public override string Title => "ResNet-20 with He et al.'s schedule scaled to 4 epochs; CIFAR-10 where present, else Fashion-MNIST at 32x32";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var (xTrain, yTrain, xTest, yTest, kind) = CifarResNet.Load(ctx.DataDir);
        string dataName = kind == CifarResNetData.Cifar10 ? "cifar-10" : "fashion-mnist at 32x32 (CIFAR-10 absent from the data folder)";
        ctx.Progress.Info($"data: {dataName}");
        int epochs = 4;
        // Sanity bars for a 4-epoch run (the paper's 91.25% needs 164 epochs of CIFAR-10): a broken block, shortcut
        // or schedule lands far below them. Fashion-MNIST is easier than CIFAR-10, hence the higher bar.
        double bar = kind == CifarResNetData.Cifar10 ? 0.70 : 0.90;
        if (ctx.Quick)
        {
            // Smoke run: 40 steps on 5,120 images, 1,000 test images. Chance is 10%. Seed 0 on the Fashion stand-in
            // reached 52.5% (AVX-512), 49.5% (AVX2) and 43.0% (128-bit vectors): 40 steps at lr 0.1 through batch
            // norm are the chaotic start of training, where a different summation order moves the result by ten
            // points, not a converged value. 30% sits well below all three and far above a network that does not
            // learn (10–20%).
            xTrain = xTrain.Narrow(0, 0, 5120); yTrain = yTrain.Narrow(0, 0, 5120);
            xTest = xTest.Narrow(0, 0, 1000); yTest = yTest.Narrow(0, 0, 1000);
            epochs = 1; bar = kind == CifarResNetData.Cifar10 ? 0.20 : 0.30;
        }
        var gen = new Generator(ctx.Seed);
        var model = ResNet.ResNet20(10, ResNetShortcut.A, generator: gen);
        var opt = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 1e-4);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen,
            batchTransform: CifarResNet.Augmentation(gen));
        int totalSteps = epochs * loader.Count;
        var sched = new MultiStepLR(opt, [totalSteps / 2, totalSteps * 3 / 4], 0.1);
        var config = new Dictionary<string, object>
        {
            ["model"] = "ResNet-20 (option A)", ["parameters"] = model.Parameters().Sum(p => (long)p.Numel), ["data"] = dataName,
            ["optimizer"] = "SGD momentum 0.9", ["lr"] = 0.1, ["weight_decay"] = 1e-4, ["schedule"] = "lr / 10 at 50% and 75% of the steps",
            ["augmentation"] = "pad-4 random crop, horizontal flip", ["batch_size"] = 128, ["epochs"] = epochs, ["steps"] = totalSteps,
            ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        var xTest3 = CifarResNet.ToThreeChannels(xTest);

        double testAcc = 0, trainSeconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            var (loss, acc, secs, _) = ClassifierTraining.TrainEpoch(model, opt, loader,
                (step, steps, seen, l, a) => ctx.Progress.Step(epoch, epochs, step, steps, seen, l, a), afterStep: sched.Step);
            trainSeconds += secs;
            (testAcc, _) = ClassifierTraining.Evaluate(model, xTest3, yTest);
            double wait = loader.Stats.WaitShare(TimeSpan.FromSeconds(secs));
            run.Log(epoch, new Dictionary<string, double>
            {
                ["train/loss"] = loss, ["train/accuracy"] = acc, ["test/accuracy"] = testAcc, ["epoch_seconds"] = secs, ["loader_wait_share"] = wait,
            });
            loader.Stats.Reset();
            ctx.Progress.Info(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train loss {loss:0.0000}, train acc {acc:P2}, test acc {testAcc:P2}, {secs:0.0} s ({xTrain.Size(0) / secs:0} img/s, {wait:P1} waiting for data)"));
        }

        var h = run.History;
        double[] Steps(string k) => h[k].Select(p => (double)p.step).ToArray();
        double[] Vals(string k) => h[k].Select(p => p.value).ToArray();
        var accChart = new LineChart { Title = $"ResNet-20 on {(kind == CifarResNetData.Cifar10 ? "CIFAR-10" : "Fashion-MNIST 32x32")}", XLabel = "epoch", YLabel = "accuracy" }
            .Add("train", Steps("train/accuracy"), Vals("train/accuracy")).Add("test", Steps("test/accuracy"), Vals("test/accuracy"));
        accChart.SaveSvg(Path.Combine(ctx.OutputDir, "accuracy.svg")); accChart.SavePng(Path.Combine(ctx.OutputDir, "accuracy.png"));

        return new MilestoneResult(Id, testAcc >= bar, new Dictionary<string, object>
        {
            ["data"] = dataName, ["test_accuracy"] = testAcc, ["required_accuracy"] = bar, ["paper_cifar10_accuracy"] = PaperAccuracy,
            ["epochs"] = epochs, ["steps"] = totalSteps, ["train_seconds"] = Math.Round(trainSeconds, 2),
            ["images_per_s"] = Math.Round(epochs * xTrain.Size(0) / Math.Max(trainSeconds, 1e-9), 1), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
