using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Models.Generative;
using Glassbox.Optim;
using Glassbox.Plotting;

namespace Glassbox.Milestones.Recipes.Generative;

/// <summary>
/// Training and evaluation of a <see cref="VqVae"/> on MNIST grey levels ([N, 1, 28, 28] in [0, 1]) with a squared-error
/// reconstruction loss.
/// </summary>
public static class MnistVqVae
{
    /// <summary>The loss terms of one epoch, averaged over its batches, and the seconds it took.</summary>
    public sealed record EpochStats(double Loss, double ReconstructionMse, double CommitmentLoss, double Perplexity, double Seconds);

    /// <summary>One epoch of <paramref name="opt"/> on the VQ-VAE loss over a fresh random order of <paramref name="images"/>.</summary>
    public static EpochStats TrainEpoch(VqVae model, Optimizer opt, Tensor images, int batchSize, Generator generator,
        Action<int, int, long, double>? onStep = null)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        int n = images.Size(0), steps = (n + batchSize - 1) / batchSize;
        var order = Tensor.Randperm(n, generator);
        double loss = 0, mse = 0, commit = 0, perplexity = 0; long seen = 0;
        for (int s = 0; s < steps; s++)
        {
            using var scope = new TensorScope();
            int len = Math.Min(batchSize, n - s * batchSize);
            var x = images.IndexSelect(0, order.Narrow(0, s * batchSize, len));
            var terms = model.Terms(x);
            var l = terms.Loss;
            opt.ZeroGrad();
            l.Backward();
            opt.Step();
            loss += l.Item() * len; mse += terms.ReconstructionLoss.Item() * len;
            commit += terms.Quantization.CommitmentLoss.Item() * len; perplexity += terms.Quantization.Usage.Perplexity * len;
            seen += len;
            onStep?.Invoke(s + 1, steps, seen, loss / seen);
        }
        return new EpochStats(loss / seen, mse / seen, commit / seen, perplexity / seen, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The per-pixel reconstruction MSE over <paramref name="images"/> (eval mode, no graph) and the code counts summed
    /// over every latent position of every image.
    /// </summary>
    public static (double Mse, long[] Counts) Evaluate(VqVae model, Tensor images, int batchSize = 500)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        var counts = new long[model.Quantizer.NumCodes];
        double sse = 0; long pixels = 0;
        for (int s = 0; s < images.Size(0); s += batchSize)
        {
            using var scope = new TensorScope();
            var x = images.Narrow(0, s, Math.Min(batchSize, images.Size(0) - s));
            var t = model.Terms(x);
            sse += t.ReconstructionLoss.Item() * x.Numel; pixels += x.Numel;
            for (int k = 0; k < counts.Length; k++) counts[k] += t.Quantization.Counts[k];
        }
        return (sse / pixels, counts);
    }

    /// <summary>
    /// Writes <c>reconstructions.png</c> (rows alternate 10 test digits and their reconstructions, clamped to [0, 1]) and
    /// <c>code_usage.png</c>/<c>.svg</c> (how many test-set latent positions chose each code).
    /// </summary>
    public static void SavePictures(VqVae model, Tensor testImages, long[] counts, string folder)
    {
        model.Eval();
        using (GradMode.NoGrad())
        {
            var x = testImages.Narrow(0, 0, 40);
            var rec = model.Forward(x).Clamp(0, 1);
            var rows = new List<Tensor>();
            for (int r = 0; r < 4; r++) { rows.Add(x.Narrow(0, r * 10, 10)); rows.Add(rec.Narrow(0, r * 10, 10)); }
            ImageGrid.Render(Tensor.Cat(rows.ToArray(), 0).Reshape(-1, 28, 28), columns: 10, zoom: 2, sharedScale: true)
                .Save(Path.Combine(folder, "reconstructions.png"));
        }
        // One bar per code: the code indices of every latent position, binned one bin per code.
        var values = new List<double>();
        for (int k = 0; k < counts.Length; k++) for (long c = 0; c < counts[k]; c++) values.Add(k);
        var usage = CodebookUsage.FromCounts(counts);
        var chart = new Histogram
        {
            Title = $"VQ-VAE code usage on the MNIST test set: {usage.Used}/{usage.NumCodes} codes used, perplexity {usage.Perplexity:F1}",
            XLabel = "code index", YLabel = "latent positions (of 49 per digit)",
            Bins = counts.Length, Range = (-0.5, counts.Length - 0.5),
        }.Add("test set", values);
        chart.SavePng(Path.Combine(folder, "code_usage.png"));
        chart.SaveSvg(Path.Combine(folder, "code_usage.svg"));
    }
}
