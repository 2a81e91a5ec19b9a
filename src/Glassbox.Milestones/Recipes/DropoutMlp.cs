using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>The regularisation of one <see cref="DropoutMlp"/> network.</summary>
/// <param name="Name">Short key for metrics and files.</param>
/// <param name="Label">Legend text.</param>
/// <param name="InputDropout">Drop probability on the 784 input pixels (0: none).</param>
/// <param name="HiddenDropout">Drop probability after each hidden ReLU (0: none).</param>
/// <param name="MaxNorm">Radius c of the max-norm ball on each hidden unit's incoming weights, or null for none.</param>
public sealed record DropoutVariant(string Name, string Label, double InputDropout, double HiddenDropout, double? MaxNorm);

/// <summary>One training run of a <see cref="DropoutMlp"/> network: test error after each epoch.</summary>
/// <param name="TestError">Test error (1 − accuracy) after epoch 1, 2, ….</param>
/// <param name="LargestRowNorm">The largest incoming-weight norm of any hidden unit at the end (≤ c under max-norm).</param>
public sealed record DropoutRun(double[] TestError, double LargestRowNorm);

/// <summary>
/// The MNIST network of Srivastava et al. (2014), Table 2: three fully connected hidden layers of 1,024 ReLU units and a
/// 10-way softmax, with dropout on the inputs and hidden units and a max-norm constraint per
/// <see cref="DropoutVariant"/>, trained by SGD with momentum on raw [0, 1] pixels. Weights start from PyTorch's
/// default Linear initialisation; the learning rate follows a cosine decay to 0 over the run.
/// </summary>
public static class DropoutMlp
{
    /// <summary>Hidden width.</summary>
    public const int Hidden = 1024;

    /// <summary>Builds the network for <paramref name="variant"/>; returns it and its three hidden Linear layers (the max-norm targets).</summary>
    public static (Sequential Net, Linear[] HiddenLayers) Build(DropoutVariant variant, Generator gen)
    {
        var net = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        if (variant.InputDropout > 0) net.Add(new Dropout(variant.InputDropout, gen));
        var hidden = new Linear[3];
        int fanIn = 784;
        for (int l = 0; l < 3; l++)
        {
            hidden[l] = new Linear(fanIn, Hidden, generator: gen);
            net.Add(hidden[l]).Add(new ReLU());
            if (variant.HiddenDropout > 0) net.Add(new Dropout(variant.HiddenDropout, gen));
            fanIn = Hidden;
        }
        net.Add(new Linear(Hidden, 10, generator: gen));
        return (net, hidden);
    }

    /// <summary>
    /// Trains one network for <paramref name="epochs"/> epochs of SGD (batch <paramref name="batchSize"/>, momentum
    /// <paramref name="momentum"/>, learning rate <paramref name="lr"/> decayed by a per-step cosine to 0), projecting the
    /// hidden weights onto the max-norm ball after every step when the variant has one, and measures the test error after
    /// each epoch (dropout off in eval mode; PyTorch's inverted dropout already scaled the kept units during training).
    /// </summary>
    public static DropoutRun Train(MilestoneContext ctx, DropoutVariant variant, ulong seed, int epochs, double lr, double momentum, int batchSize,
        Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, Action<int, double>? onEpoch = null)
    {
        var gen = new Generator(seed);
        var (net, hidden) = Build(variant, gen);
        var opt = new SGD(net.Parameters(), lr: lr, momentum: momentum);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: batchSize, shuffle: true, generator: gen);
        var sched = new CosineAnnealingLR(opt, tMax: epochs * loader.Count);
        var weights = hidden.Select(h => h.Weight).ToArray();
        Action afterStep = variant.MaxNorm is double c
            ? () => { MaxNorm.Apply(weights, c); sched.Step(); }
            : () => sched.Step();
        var errors = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            ctx.Progress.StartEpoch();
            int epoch = e + 1;
            ClassifierTraining.TrainEpoch(net, opt, loader, (step, steps, seen, l, a) => ctx.Progress.Step(epoch, epochs, step, steps, seen, l, a), afterStep);
            errors[e] = 1 - ClassifierTraining.Evaluate(net, xTest, yTest).acc;
            onEpoch?.Invoke(epoch, errors[e]);
        }
        double largest = weights.Max(w => w.Norm(2, 1).Max().Item());
        return new DropoutRun(errors, largest);
    }
}
