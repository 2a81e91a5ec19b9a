using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The MNIST multilayer perceptron recipe shared by the <c>mnist-mlp</c> milestone and <c>glassbox bench mnist-mlp</c>:
/// 784-512-256-10 with ReLU, cross-entropy on logits, Adam (lr 1e-3), batch 128, inputs standardised with the
/// training set's mean and standard deviation.
/// </summary>
public static class MnistMlp
{
    /// <summary>The network: two hidden ReLU layers.</summary>
    public static Sequential Build(Generator gen) => new(
        new Linear(784, 512, generator: gen), new ReLU(),
        new Linear(512, 256, generator: gen), new ReLU(),
        new Linear(256, 10, generator: gen));

    /// <summary>
    /// Standardises pixels with statistics of the training images, in place: x ← (x − μ)/σ with one μ and σ over all
    /// training pixels. μ and σ are computed exactly in two passes (mean, then Σ(x − μ)²) in float64 over 6,000-row
    /// chunks, so no full-size temporary is ever built (the dataset is the largest thing in memory).
    /// </summary>
    public static (Tensor train, Tensor test) Standardize(Tensor train, Tensor test)
    {
        using var noGrad = GradMode.NoGrad();
        int n = train.Size(0);
        double count = (double)train.Numel, sum = 0, sq = 0;
        for (int s = 0; s < n; s += 6000)
        {
            using var scope = new TensorScope();
            sum += train.Narrow(0, s, Math.Min(6000, n - s)).Double().Sum().Item();
        }
        double mean = sum / count;
        for (int s = 0; s < n; s += 6000)
        {
            using var scope = new TensorScope();
            sq += (train.Narrow(0, s, Math.Min(6000, n - s)).Double() - mean).Pow(2).Sum().Item();
        }
        double std = Math.Sqrt(sq / count);
        foreach (var t in new[] { train, test })
        {
            t.AddInPlace(Tensor.Scalar(-mean, t.DType));
            t.MulInPlace(Tensor.Scalar(1 / std, t.DType));
        }
        return (train, test);
    }

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
}
