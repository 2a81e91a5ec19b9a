using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.Optim;
using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>
/// Training and sampling of a label-conditional VAE (<see cref="ConditionalVariationalAutoencoder"/>) on MNIST grey
/// levels, [N, 784] in [0, 1], used as the targets of the Bernoulli decoder's cross-entropy.
/// </summary>
/// <remarks>Grey levels are not binary, so Σ [x log p + (1 − x) log(1 − p)] is then a cross-entropy rather than a normalised
/// log-likelihood; the milestone reports no likelihood, only how well the decoder means for a requested label read as that
/// digit, and the grey targets give means free of the speckle that binarised targets average into.</remarks>
public static class MnistCvae
{
    /// <summary>One epoch of Adam on the negative (cross-entropy) ELBO; returns its mean per digit and the seconds it took.</summary>
    public static (double NegElbo, double Seconds) TrainEpoch(ConditionalVariationalAutoencoder model, Optimizer opt, Tensor images, Tensor labels,
        int batchSize, Generator generator, Action<int, int, long, double>? onStep = null)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        int n = images.Size(0), steps = (n + batchSize - 1) / batchSize;
        var order = Tensor.Randperm(n, generator);
        double sum = 0; long seen = 0;
        for (int s = 0; s < steps; s++)
        {
            using var scope = new TensorScope();
            int len = Math.Min(batchSize, n - s * batchSize);
            var idx = order.Narrow(0, s * batchSize, len);
            var loss = model.TermsForLabels(images.IndexSelect(0, idx), labels.IndexSelect(0, idx), generator).Loss;
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            sum += loss.Item() * len; seen += len;
            onStep?.Invoke(s + 1, steps, seen, sum / seen);
        }
        return (sum / Math.Max(seen, 1), sw.Elapsed.TotalSeconds);
    }

    /// <summary>Mean negative ELBO (one sample, analytic KL) over labelled images, without a graph.</summary>
    public static double NegativeElbo(ConditionalVariationalAutoencoder model, Tensor images, Tensor labels, Generator generator)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        double sum = 0; int n = images.Size(0);
        for (int s = 0; s < n; s += 1000)
        {
            using var scope = new TensorScope();
            int len = Math.Min(1000, n - s);
            sum += model.TermsForLabels(images.Narrow(0, s, len), labels.Narrow(0, s, len), generator).Elbo.Sum().Item();
        }
        return -sum / n;
    }

    /// <summary>
    /// Decoder means for z ~ N(0, I), one per requested label, as [N, 1, 28, 28] images in [0, 1], without a graph.
    /// </summary>
    public static Tensor Sample(ConditionalVariationalAutoencoder model, int[] labels, Generator generator)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        var parts = new List<Tensor>();
        for (int s = 0; s < labels.Length; s += 1000)
        {
            var chunk = labels.Skip(s).Take(1000).Select(v => (long)v).ToArray();
            parts.Add(model.SampleForLabels(Tensor.FromArray(chunk, chunk.Length), generator));
        }
        return Tensor.Cat(parts.ToArray(), 0).Reshape(-1, 1, 28, 28);
    }

    /// <summary>
    /// Writes <paramref name="path"/>: a 10×10 grid of samples, row r requesting digit r, each framed green when the
    /// frozen classifier reads it as r and red otherwise, and captioned with the classifier's reading.
    /// </summary>
    public static void SaveGrid(ConditionalVariationalAutoencoder model, MnistEvaluator evaluator, Generator generator, string path)
    {
        var labels = Enumerable.Range(0, 100).Select(i => i / 10).ToArray();
        var images = Sample(model, labels, generator);
        var pred = evaluator.Predict(images);
        var frames = labels.Select((l, i) => pred[i] == l ? new Rgb(40, 160, 60) : new Rgb(210, 40, 40)).ToArray();
        ImageGrid.Render(images.Reshape(100, 28, 28), columns: 10, zoom: 2, captions: pred.Select(p => p.ToString()).ToArray(), frames: frames, sharedScale: true)
            .Save(path);
    }
}
