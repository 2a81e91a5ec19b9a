using Glassbox.Data;
using Glassbox.Models.Generative;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;
using Glassbox.Plotting;
using Glassbox.Milestones.Recipes;

namespace Glassbox.Milestones;

/// <summary>
/// <c>mnist-vae</c>: Burda et al.'s (2016) VAE on stochastically binarised MNIST — a 784-200-200-50 tanh encoder, the
/// mirrored decoder, Bernoulli pixels, Adam — reporting the test ELBO and the importance-weighted NLL estimate (K =
/// 5,000) beside the published 86.76 nats, with samples, reconstructions, interpolations and the manifold of a
/// separate 2-d-latent model. Recipe and numbers: docs/milestones/mnist-vae.md.
/// </summary>
public sealed class MnistVaeMilestone : Milestone
{
    /// <inheritdoc/>
    public override string Id => "mnist-vae";

    /// <inheritdoc/>
    public override string Title => "784-200-200-50 Bernoulli VAE on binarised MNIST: IWAE NLL <= 92 nats (paper 86.76); samples and manifold saved";

    /// <inheritdoc/>
    public override MilestoneResult Run(MilestoneContext ctx)
    {
        var data = DatasetRegistry.Mnist(ctx.DataDir, flatten: true, download: true);
        Tensor xTrain = data.Train.Images, xTest = data.Test.Images;
        // 120 epochs with the learning rate decayed exponentially from 1e-3 to 1e-4 (γ = 10^(−1/120) per epoch), Adam's
        // ε = 1e-4 as in Burda et al. (whose schedule, 1e-3·10^(−i/7) for 3^i epochs, i = 0…7, runs 3,280 epochs). The
        // earlier 30 constant-rate epochs stopped at 92.73 nats with the test −ELBO still falling ~0.3 nats an epoch;
        // at 4–7 s an epoch on 2 quiet cores the 120 epochs take 8–14 minutes, inside the 45-minute budget with room.
        int epochs = 120, iwaeK = 5000, iwaeDigits = 500, epochs2d = 10;
        double bar = 92.0, lr = 1e-3, lrFinal = 1e-4, adamEps = 1e-4;
        int batch = 100;
        if (ctx.Quick)
        {
            // Smoke run: 10,000 training digits, 3 epochs of batch 50 at lr 3e-3 (600 Adam steps; the full recipe's
            // settings sit on the ~205-nat plateau of a decoder that ignores z for this many steps), IWAE with K = 500 on
            // 100 test digits (~2 s). Seed 0 reaches an IWAE NLL of 165.5 nats (test -ELBO 170.6); the plateau where z
            // carries nothing is ~205, so the 185 bar demands that the latent code is in use, with 20 nats of room for
            // another SIMD summation order.
            xTrain = xTrain.Narrow(0, 0, 10000); xTest = xTest.Narrow(0, 0, 1000);
            epochs = 3; iwaeK = 500; iwaeDigits = 100; epochs2d = 2; bar = 185.0; batch = 50; lr = 3e-3; lrFinal = lr; adamEps = 1e-8;
        }
        var gen = new Generator(ctx.Seed);
        // The test set is binarised once, with a fixed seed, so every evaluation scores the same binary digits.
        var testBinary = Tensor.Bernoulli(xTest, new Generator(ctx.Seed + 1000));
        var model = new VariationalAutoencoder(784, [200, 200], 50, VaeLikelihood.Bernoulli, HiddenActivation.Tanh, generator: gen);
        var opt = new Adam(model.Parameters(), lr: lr, eps: adamEps);
        var schedule = new ExponentialLR(opt, Math.Pow(lrFinal / lr, 1.0 / epochs));
        var config = new Dictionary<string, object>
        {
            ["model"] = "VAE 784-200-200-50 tanh, Bernoulli decoder", ["optimizer"] = "Adam", ["adam_eps"] = adamEps, ["lr"] = lr,
            ["lr_final"] = lrFinal, ["lr_schedule"] = "exponential per epoch", ["batch_size"] = batch,
            ["epochs"] = epochs, ["seed"] = ctx.Seed, ["train_samples"] = xTrain.Size(0), ["binarisation"] = "stochastic, redrawn every epoch",
            ["iwae_k"] = iwaeK, ["iwae_test_digits"] = iwaeDigits, ["quick"] = ctx.Quick,
        };
        using var run = ctx.Track(config);
        ctx.Progress.Info(model.ToString());

        double trainSeconds = 0, testNegElbo = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            ctx.Progress.StartEpoch();
            var (negElbo, secs) = MnistVae.TrainEpoch(model, opt, xTrain, batch, gen, (s, n, seen, l) => ctx.Progress.Step(epoch, epochs, s, n, seen, l));
            trainSeconds += secs;
            schedule.Step();
            testNegElbo = MnistVae.NegativeElbo(model, testBinary, gen);
            run.Log(epoch, new Dictionary<string, double> { ["train/neg_elbo"] = negElbo, ["test/neg_elbo"] = testNegElbo, ["epoch_seconds"] = secs });
            ctx.Progress.Info($"epoch {epoch}/{epochs}: train -ELBO {negElbo:F2}, test -ELBO {testNegElbo:F2} nats ({secs:F1} s)");
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        double nll = MnistVae.ImportanceWeightedNll(model, testBinary.Narrow(0, 0, iwaeDigits), iwaeK, gen, (d, n) => ctx.Progress.Info($"IWAE: {d}/{n} digits"));
        double iwaeSeconds = sw.Elapsed.TotalSeconds;

        var (ex, tr) = ClassifierTraining.Curve(run, "train/neg_elbo");
        ClassifierTraining.Save(new LineChart { Title = "MNIST VAE: negative ELBO", XLabel = "epoch", YLabel = "nats per digit" }
            .Add("train", ex, tr).Add("test", ex, ClassifierTraining.Curve(run, "test/neg_elbo").y), ctx.OutputDir, "neg_elbo");
        MnistVae.SavePictures(model, testBinary, gen, ctx.OutputDir);

        // The manifold picture needs a 2-d latent: a separate, smaller-budget model of the same architecture otherwise.
        var model2d = new VariationalAutoencoder(784, [200, 200], 2, VaeLikelihood.Bernoulli, HiddenActivation.Tanh, generator: gen);
        var opt2d = new Adam(model2d.Parameters(), lr: lr);
        double negElbo2d = 0;
        for (int epoch = 1; epoch <= epochs2d; epoch++)
        {
            ctx.Progress.StartEpoch();
            MnistVae.TrainEpoch(model2d, opt2d, xTrain, batch, gen, (s, n, seen, l) => ctx.Progress.Step(epoch, epochs2d, s, n, seen, l));
        }
        negElbo2d = MnistVae.NegativeElbo(model2d, testBinary, gen);
        MnistVae.SaveManifold(model2d, Path.Combine(ctx.OutputDir, "manifold_2d.png"));

        bool passed = nll <= bar && nll <= testNegElbo + 0.5;
        return new MilestoneResult(Id, passed, new Dictionary<string, object>
        {
            ["test_iwae_nll"] = Math.Round(nll, 2), ["iwae_k"] = iwaeK, ["iwae_test_digits"] = iwaeDigits, ["required_nll"] = bar,
            ["published_nll"] = 86.76, ["test_neg_elbo"] = Math.Round(testNegElbo, 2), ["test_neg_elbo_2d_latent"] = Math.Round(negElbo2d, 2),
            ["epochs"] = epochs, ["train_seconds"] = Math.Round(trainSeconds, 1), ["seconds_per_epoch"] = Math.Round(trainSeconds / epochs, 2), ["iwae_seconds"] = Math.Round(iwaeSeconds, 1), ["run_dir"] = ctx.OutputDir,
        }, 0);
    }
}
