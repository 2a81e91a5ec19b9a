using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.Optim;
using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// Training and evaluation of a Bernoulli VAE on stochastically binarised MNIST (each pixel's grey level in [0, 1]
/// read as the probability that it is on), the set-up of Burda et al. (2016).
/// </summary>
public static class MnistVae
{
    /// <summary>
    /// One epoch of Adam on the negative ELBO. Every batch is binarised afresh from <paramref name="generator"/>, so each
    /// epoch sees a new binarisation of the training set (the regulariser Burda et al. rely on). Returns the mean
    /// negative ELBO over the epoch, in nats per digit, and the seconds it took.
    /// </summary>
    public static (double negElbo, double seconds) TrainEpoch(VariationalAutoencoder model, Optimizer opt, Tensor greyImages, int batchSize,
        Generator generator, Action<int, int, long, double>? onStep = null)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        int n = greyImages.Size(0), steps = (n + batchSize - 1) / batchSize;
        var order = Tensor.Randperm(n, generator);
        double sum = 0; long seen = 0;
        for (int s = 0; s < steps; s++)
        {
            using var scope = new TensorScope();
            int len = Math.Min(batchSize, n - s * batchSize);
            var x = Tensor.Bernoulli(greyImages.IndexSelect(0, order.Narrow(0, s * batchSize, len)), generator);
            var loss = model.Terms(x, generator).Loss;
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            sum += loss.Item() * len; seen += len;
            onStep?.Invoke(s + 1, steps, seen, sum / seen);
        }
        return (sum / Math.Max(seen, 1), sw.Elapsed.TotalSeconds);
    }

    /// <summary>Mean negative ELBO (one sample per digit, analytic KL) over already-binarised data, in nats, without a graph.</summary>
    public static double NegativeElbo(VariationalAutoencoder model, Tensor binary, Generator generator)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        double sum = 0; int n = binary.Size(0);
        for (int s = 0; s < n; s += 1000)
        {
            using var scope = new TensorScope();
            sum += model.Terms(binary.Narrow(0, s, Math.Min(1000, n - s)), generator).Elbo.Sum().Item();
        }
        return -sum / n;
    }

    /// <summary>Mean IWAE negative log-likelihood estimate −L_K over already-binarised data, in nats, in batches of 50 digits.</summary>
    public static double ImportanceWeightedNll(VariationalAutoencoder model, Tensor binary, int k, Generator generator, Action<int, int>? onBatch = null)
    {
        model.Eval();
        double sum = 0; int n = binary.Size(0);
        for (int s = 0; s < n; s += 50)
        {
            var b = model.ImportanceWeightedBound(binary.Narrow(0, s, Math.Min(50, n - s)), k, generator);
            sum += b.Sum();
            onBatch?.Invoke(Math.Min(s + 50, n), n);
        }
        return -sum / n;
    }

    /// <summary>Writes the samples grid, reconstructions, and latent interpolations of a trained model.</summary>
    public static void SavePictures(VariationalAutoencoder model, Tensor testBinary, Generator generator, string folder)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        // 64 samples: the decoder's pixel probabilities at z ~ N(0, I).
        ImageGrid.Render(model.Sample(64, generator), columns: 8, zoom: 2, tileHeight: 28, sharedScale: true)
            .Save(Path.Combine(folder, "samples.png"));
        // Reconstructions: rows alternate 10 binarised test digits and their reconstructions at the posterior mean.
        var x = testBinary.Narrow(0, 0, 40);
        var rec = model.Forward(x);
        var rows = new List<Tensor>();
        for (int r = 0; r < 4; r++) { rows.Add(x.Narrow(0, r * 10, 10)); rows.Add(rec.Narrow(0, r * 10, 10)); }
        ImageGrid.Render(Tensor.Cat(rows.ToArray(), 0), columns: 10, zoom: 2, tileHeight: 28, sharedScale: true)
            .Save(Path.Combine(folder, "reconstructions.png"));
        // Interpolations: 8 pairs of test digits, 10 evenly spaced points on the segment between their posterior means.
        var mu = model.Encode(testBinary.Narrow(0, 100, 16)).Mu;
        var lines = new List<Tensor>();
        for (int p = 0; p < 8; p++)
        {
            var a = mu.Narrow(0, 2 * p, 1); var b = mu.Narrow(0, 2 * p + 1, 1);
            for (int i = 0; i < 10; i++) { double t = i / 9.0; lines.Add(a * (1 - t) + b * t); }
        }
        ImageGrid.Render(model.Mean(model.Decode(Tensor.Cat(lines.ToArray(), 0))), columns: 10, zoom: 2, tileHeight: 28, sharedScale: true)
            .Save(Path.Combine(folder, "interpolations.png"));
    }

    /// <summary>
    /// The learned manifold of a 2-d-latent model: decoder means on a 15×15 grid of z over [−2, 2]² (±2 prior standard
    /// deviations holds about 91% of the prior's mass), z₁ left to right, z₂ bottom to top.
    /// </summary>
    public static void SaveManifold(VariationalAutoencoder model2d, string path)
    {
        if (model2d.LatentFeatures != 2) throw new ArgumentException($"SaveManifold: needs a 2-d latent, got {model2d.LatentFeatures}");
        model2d.Eval();
        using var _ = GradMode.NoGrad();
        const int G = 15;
        var z = new float[G * G * 2];
        for (int r = 0; r < G; r++)
            for (int c = 0; c < G; c++)
            {
                z[(r * G + c) * 2] = (float)(-2 + 4.0 * c / (G - 1));
                z[(r * G + c) * 2 + 1] = (float)(2 - 4.0 * r / (G - 1));
            }
        ImageGrid.Render(model2d.Mean(model2d.Decode(Tensor.FromArray(z, G * G, 2))), columns: G, zoom: 1, tileHeight: 28, sharedScale: true).Save(path);
    }
}
