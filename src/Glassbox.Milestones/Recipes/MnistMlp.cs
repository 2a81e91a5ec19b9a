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
    /// training pixels (<see cref="PixelStatistics"/>).
    /// </summary>
    public static (Tensor train, Tensor test) Standardize(Tensor train, Tensor test) => StandardizeWith(train, test, PixelStatistics(train));

    /// <summary>
    /// Standardises pixels in place with given statistics, in the tensors' dtype: x ← x + (−μ), then x ← x · (1/σ) —
    /// the two steps a server repeats on raw inputs (the <c>normalize</c> of a network description), so it feeds the
    /// network exactly what training did.
    /// </summary>
    public static (Tensor train, Tensor test) StandardizeWith(Tensor train, Tensor test, (double Mean, double Std) stats)
    {
        using var noGrad = GradMode.NoGrad();
        foreach (var t in new[] { train, test })
        {
            t.AddInPlace(Tensor.Scalar(-stats.Mean, t.DType));
            t.MulInPlace(Tensor.Scalar(1 / stats.Std, t.DType));
        }
        return (train, test);
    }

    /// <summary>
    /// The mean μ and standard deviation σ over all pixels of <paramref name="train"/>, computed exactly in two passes
    /// (mean, then Σ(x − μ)²) in float64 over 6,000-row chunks, so no full-size temporary is ever built (the dataset
    /// is the largest thing in memory).
    /// </summary>
    public static (double Mean, double Std) PixelStatistics(Tensor train)
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
        return (mean, Math.Sqrt(sq / count));
    }
}
