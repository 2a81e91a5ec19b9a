using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Plotting;
using Glassbox.Scalar;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// micrograd's demo, end to end on the scalar engine: an <c>MLP(2, [16, 16, 1])</c> learns to separate the two
/// moons with a max-margin (SVM) loss and plain gradient descent — every one of its 337 parameters and every
/// intermediate product is a <see cref="Value"/>. Used by <c>glassbox milestone micrograd-moons</c>.
/// </summary>
/// <remarks>
/// <para>Labels are mapped to ±1 and the network's single output s is a score whose sign is the prediction. The
/// loss is</para>
/// <para><c>L = (1/n) Σᵢ max(0, 1 − yᵢ·sᵢ) + α Σ_p p²</c>, α = 10⁻⁴,</para>
/// <para>the hinge loss of a linear SVM (zero once a point is on the right side with margin 1; <c>torch.nn.
/// MultiMarginLoss</c> in its two-class form) plus L2 weight decay. Each epoch is one full-batch step
/// <c>p ← p − η_k ∂L/∂p</c> with the learning rate decaying linearly from 1.0 to 0.1 over the run: large
/// early steps make fast progress, small late ones settle into a minimum instead of bouncing around it.</para>
/// </remarks>
public static class MoonsDemo
{
    /// <summary>Weight of the L2 penalty α.</summary>
    public const double L2 = 1e-4;

    /// <summary>Trains the network and optionally draws its decision boundary.</summary>
    /// <param name="seed">Seeds one <see cref="Generator"/> used first for the data, then for the weights.</param>
    /// <param name="samples">Number of moon points (micrograd: 100).</param>
    /// <param name="epochs">Number of full-batch gradient steps (micrograd: 100).</param>
    /// <param name="imagePath">Where to write the decision-boundary PNG, or null for none.</param>
    /// <param name="onEpoch">Called after each step with (epoch, loss, accuracy) as measured on the forward pass of that
    /// step, i.e. before its update, as micrograd prints them.</param>
    /// <param name="noise">Standard deviation of the moons' noise (micrograd: 0.1).</param>
    public static MoonsDemoResult Run(int seed, int samples, int epochs, string? imagePath, Action<int, double, double>? onEpoch, double noise = 0.1)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), $"MoonsDemo: samples must be >= 1, got {samples}");
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"MoonsDemo: epochs must be >= 0, got {epochs}");
        var clock = Stopwatch.StartNew();
        var gen = new Generator((ulong)seed);
        var (X, y) = Synthetic.MakeMoons(samples, noise, gen);
        var xs = X.ToArray<double>();
        var signs = Array.ConvertAll(y.ToArray<long>(), v => v == 1 ? 1.0 : -1.0);
        var model = new MLP(2, [16, 16, 1], gen.NextDouble);
        var parameters = model.Parameters();

        for (int k = 0; k < epochs; k++)
        {
            var (loss, acc) = LossGraph(model, parameters, xs, signs);
            model.ZeroGrad();
            loss.Backward();
            double lr = 1.0 - 0.9 * k / epochs;
            foreach (var p in parameters) p.Data -= lr * p.Grad;
            onEpoch?.Invoke(k, loss.Data, acc);
        }

        var (finalLoss, finalAcc) = Evaluate(model, parameters, xs, signs);
        if (imagePath is not null)
            DecisionBoundary.Render(grid => Predict(model, grid), X, y, imagePath);
        return new MoonsDemoResult(finalLoss, finalAcc, clock.Elapsed.TotalSeconds, epochs, samples, parameters.Count, imagePath);
    }

    /// <summary>Builds the loss as a graph of Values (for backward) and measures accuracy on the same forward pass.</summary>
    internal static (Value Loss, double Accuracy) LossGraph(MLP model, IReadOnlyList<Value> parameters, double[] xs, double[] signs)
    {
        int n = signs.Length, correct = 0;
        Value data = 0.0;
        for (int i = 0; i < n; i++)
        {
            var s = model.Forward(xs.AsSpan(2 * i, 2))[0];
            data += (1.0 - signs[i] * s).Relu();
            if (s.Data > 0 == signs[i] > 0) correct++;
        }
        Value reg = 0.0;
        foreach (var p in parameters) reg += p * p;
        return (data / n + L2 * reg, (double)correct / n);
    }

    /// <summary>The same loss and accuracy on plain doubles (no graph), for the trained model.</summary>
    internal static (double Loss, double Accuracy) Evaluate(MLP model, IReadOnlyList<Value> parameters, double[] xs, double[] signs)
    {
        int n = signs.Length, correct = 0;
        double data = 0, reg = 0;
        for (int i = 0; i < n; i++)
        {
            double s = model.Evaluate(xs.AsSpan(2 * i, 2))[0];
            data += Math.Max(0.0, 1.0 - signs[i] * s);
            if (s > 0 == signs[i] > 0) correct++;
        }
        foreach (var p in parameters) reg += p.Data * p.Data;
        return (data / n + L2 * reg, (double)correct / n);
    }

    /// <summary>Class 1 where the score is positive, else class 0, for each row of an [m, 2] array.</summary>
    internal static int[] Predict(MLP model, double[,] points)
    {
        int m = points.GetLength(0);
        var r = new int[m];
        Span<double> x = stackalloc double[2];
        for (int i = 0; i < m; i++)
        {
            x[0] = points[i, 0]; x[1] = points[i, 1];
            r[i] = model.Evaluate(x)[0] > 0 ? 1 : 0;
        }
        return r;
    }
}
