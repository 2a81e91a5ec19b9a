using System.Globalization;
using Glassbox.Data;
using Glassbox.Models.Generative;
using Glassbox.Optim;
using Glassbox.Plotting;
using Glassbox.Milestones.Recipes;
using Glassbox.Milestones.Recipes.Generative;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-cvae</c>: a label-conditional VAE (784-512-256 ReLU encoder with the one-hot label, 2-d latent, mirrored
/// decoder) on MNIST; samples are drawn for every requested digit and judged by the frozen <see cref="MnistEvaluator"/>
/// — bar: ≥ 95% classified as requested — with per-class accuracy, coverage and MNIST-FID reported.
/// Recipe and numbers: docs/milestones/mnist-cvae.md.
/// </summary>
public sealed class MnistCvaeMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-cvae";

    /// <inheritdoc/>
    public override string Title => "Label-conditional VAE on MNIST: >= 95% of samples classified as the requested digit by the frozen evaluator";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var data = DatasetRegistry.Mnist(ctx.DataDir, flatten: true, download: true);
        Tensor xTrain = data.Train.Images, yTrain = data.Train.Labels, xTest = data.Test.Images, yTest = data.Test.Labels;
        // A 2-d latent leaves the digit's identity to the label. With a wider one the encoder also stores the class in z
        // (it sees the image), and samples drawn from the prior then drift away from the requested digit: in the quick
        // run (seed 0) 16 dims gave 67% classified as requested, 4 dims 84%, 2 dims 95%.
        int epochs = 10, batch = 100, latent = 2;
        double lr = 1e-3, bar = 0.95;
        if (ctx.Quick)
        {
            // Smoke run: 10,000 training digits, 3 epochs of batch 50 at lr 2e-3 (600 Adam steps), judged by the quick
            // evaluator (2 epochs of LeNet-5 on 10,000 digits, ~95% test accuracy itself) on 2,000 samples. A model that
            // ignored its label would score ~10%; the 80% bar demands a working condition while leaving room for the quick
            // judge's own error rate and the short training (seed 0 scores 94.95%).
            xTrain = xTrain.Narrow(0, 0, 10000); yTrain = yTrain.Narrow(0, 0, 10000);
            xTest = xTest.Narrow(0, 0, 1000); yTest = yTest.Narrow(0, 0, 1000);
            epochs = 3; batch = 50; lr = 2e-3; bar = 0.80;
        }
        var evaluator = MnistEvaluator.Load(ctx, DatasetKind.Mnist);
        ctx.Progress.Info($"evaluator: test accuracy {evaluator.TestAccuracy:P2}{(evaluator.LoadedFromCache ? " (cached)" : "")}, {evaluator.ReferenceCount} reference images");

        var gen = new Generator(ctx.Seed);
        var model = new ConditionalVariationalAutoencoder(784, [512, 256], latent, 10, VaeLikelihood.Bernoulli, HiddenActivation.ReLU, generator: gen);
        var opt = new Adam(model.Parameters(), lr: lr);
        var config = new Dictionary<string, object>
        {
            ["model"] = $"CVAE 784-512-256-{latent} ReLU, one-hot label on encoder input and z, Bernoulli decoder on grey levels",
            ["optimizer"] = "Adam", ["lr"] = lr, ["batch_size"] = batch, ["epochs"] = epochs, ["seed"] = ctx.Seed,
            ["train_samples"] = xTrain.Size(0), ["samples_scored"] = evaluator.ReferenceCount, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());

        double trainSeconds = 0, testNegElbo = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            var (negElbo, secs) = MnistCvae.TrainEpoch(model, opt, xTrain, yTrain, batch, gen, (s, n, seen, l) => ctx.Progress.Step(epoch, epochs, s, n, seen, l));
            trainSeconds += secs;
            testNegElbo = MnistCvae.NegativeElbo(model, xTest, yTest, gen);
            run.Log(epoch, new Dictionary<string, double> { ["train/neg_elbo"] = negElbo, ["test/neg_elbo"] = testNegElbo, ["epoch_seconds"] = secs });
            ctx.Progress.Info($"epoch {epoch}/{epochs}: train -ELBO {negElbo:F2}, test -ELBO {testNegElbo:F2} ({secs:F1} s)");
        }

        // As many samples as the evaluator's reference set, the same number for each digit, so the FID shares the
        // floor's and the ceiling's sample-size bias.
        int count = evaluator.ReferenceCount;
        var requested = Enumerable.Range(0, count).Select(i => i % 10).ToArray();
        var samples = MnistCvae.Sample(model, requested, gen);
        var score = evaluator.ScoreConditional(samples, requested);
        double fid = evaluator.Fid(samples);
        var perClass = string.Join(", ", score.PerClassAccuracy.Select((a, c) => string.Create(CultureInfo.InvariantCulture, $"{c}: {a:0.000}")));
        ctx.Progress.Info($"samples classified as requested: {score.Accuracy:P2} (worst class {score.MinClassAccuracy:P1}); per class {perClass}; MNIST-FID {fid:F2}");

        var (ex, tr) = ClassifierTraining.Curve(run, "train/neg_elbo");
        ClassifierTraining.Save(new LineChart { Title = "MNIST CVAE: negative ELBO (cross-entropy on grey levels)", XLabel = "epoch", YLabel = "nats per digit" }
            .Add("train", ex, tr).Add("test", ex, ClassifierTraining.Curve(run, "test/neg_elbo").y), ctx.OutputDir, "neg_elbo");
        MnistCvae.SaveGrid(model, evaluator, gen, Path.Combine(ctx.OutputDir, "samples_by_digit.png"));

        bool passed = score.Accuracy >= bar;
        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["requested_digit_accuracy"] = Math.Round(score.Accuracy, 4), ["required_accuracy"] = bar,
            ["worst_class_accuracy"] = Math.Round(score.MinClassAccuracy, 4), ["classes_covered"] = score.ClassesCovered,
            ["per_class_accuracy"] = perClass, ["samples_scored"] = count,
            ["mnist_fid"] = Math.Round(fid, 2), ["fid_floor"] = Math.Round(evaluator.FloorFid, 2), ["fid_noise_ceiling"] = Math.Round(evaluator.NoiseCeilingFid, 2),
            ["evaluator_test_accuracy"] = Math.Round(evaluator.TestAccuracy, 4), ["test_neg_elbo"] = Math.Round(testNegElbo, 2),
            ["epochs"] = epochs, ["train_seconds"] = Math.Round(trainSeconds, 1), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
