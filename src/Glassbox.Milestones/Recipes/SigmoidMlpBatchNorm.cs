using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones.Recipes;

/// <summary>Where BatchNorm sits in the sigmoid network of <see cref="SigmoidMlpBatchNorm"/>.</summary>
public enum BatchNormPlacement
{
    /// <summary>No normalisation: Linear → Sigmoid per hidden layer (the paper's baseline).</summary>
    None,
    /// <summary>Linear → BatchNorm1d → Sigmoid, as Ioffe and Szegedy place it (they normalise x = Wu before the nonlinearity).</summary>
    BeforeSigmoid,
    /// <summary>Linear → Sigmoid → BatchNorm1d: the popular alternative placement, here as the measured modification.</summary>
    AfterSigmoid,
}

/// <summary>One training run of the Figure 1 network: the evaluation steps with test accuracy and the probed unit's input percentiles.</summary>
/// <param name="Steps">Steps at which the network was evaluated (0 is before the first update).</param>
/// <param name="TestAccuracy">Test accuracy at each evaluation step.</param>
/// <param name="P15">15th percentile of the probed sigmoid's input over the evaluation images, per step.</param>
/// <param name="P50">Median of the probed sigmoid's input, per step.</param>
/// <param name="P85">85th percentile of the probed sigmoid's input, per step.</param>
/// <param name="UnitMedians">Median input of every unit of the last hidden layer, [evaluation][unit] (for a drift summary over all units).</param>
public sealed record SigmoidMlpTrace(long[] Steps, double[] TestAccuracy, double[] P15, double[] P50, double[] P85, double[][] UnitMedians)
{
    /// <summary>
    /// How far the median input of unit <paramref name="unit"/> (or, with null, of each unit, averaged) wanders over
    /// training: max − min of the median over evaluations at steps ≥ <paramref name="fromStep"/>. Starting after the
    /// first steps leaves out the BatchNorm running averages' warm-up (momentum 0.1: after 1,000 steps the initial
    /// mean 0 / variance 1 weigh 0.9¹⁰⁰⁰ ≈ 0).
    /// </summary>
    public double MedianSpread(int? unit, long fromStep)
    {
        var idx = Enumerable.Range(0, Steps.Length).Where(i => Steps[i] >= fromStep).ToArray();
        double Spread(int u) => idx.Max(i => UnitMedians[i][u]) - idx.Min(i => UnitMedians[i][u]);
        return unit is int k ? Spread(k) : Enumerable.Range(0, UnitMedians[0].Length).Average(Spread);
    }

    /// <summary>Test accuracy at the evaluation step nearest to <paramref name="step"/>.</summary>
    public double AccuracyAt(long step)
    {
        int best = 0;
        for (int i = 1; i < Steps.Length; i++) if (Math.Abs(Steps[i] - step) < Math.Abs(Steps[best] - step)) best = i;
        return TestAccuracy[best];
    }
}

/// <summary>
/// The network and training loop of Ioffe and Szegedy (2015), Figure 1: MNIST, three fully connected hidden layers of
/// 100 sigmoid units and a 10-way softmax, weights drawn from a small Gaussian, plain SGD on mini-batches of 60, with
/// BatchNorm placed per <see cref="BatchNormPlacement"/>. Alongside test accuracy it records the distribution of the
/// input to one sigmoid of the last hidden layer over the test images (the paper's Figure 1(b)).
/// </summary>
public static class SigmoidMlpBatchNorm
{
    /// <summary>Hidden width of each of the three layers.</summary>
    public const int Hidden = 100;

    /// <summary>
    /// Builds the network. Linear weights are N(0, <paramref name="initStd"/>²) and biases 0 — the paper only says
    /// "small random Gaussian values". BatchNorm layers start at γ = 1, β = 0. Returns the index of the module whose
    /// output is the input of the last hidden layer's sigmoid (the Linear, or the BatchNorm before it).
    /// </summary>
    public static (Sequential Net, int ProbeIndex) Build(BatchNormPlacement placement, Generator gen, double initStd)
    {
        var net = new Sequential(Array.Empty<Module<Tensor, Tensor>>());
        int probe = -1, fanIn = 784;
        for (int layer = 0; layer < 3; layer++)
        {
            net.Add(GaussianLinear(fanIn, Hidden, gen, initStd));
            if (placement == BatchNormPlacement.BeforeSigmoid) net.Add(new BatchNorm1d(Hidden));
            if (layer == 2) probe = net.Count - 1;
            net.Add(new Sigmoid());
            if (placement == BatchNormPlacement.AfterSigmoid) net.Add(new BatchNorm1d(Hidden));
            fanIn = Hidden;
        }
        net.Add(GaussianLinear(Hidden, 10, gen, initStd));
        return (net, probe);
    }

    private static Linear GaussianLinear(int fanIn, int fanOut, Generator gen, double std)
    {
        var lin = new Linear(fanIn, fanOut, generator: gen);
        using var _ = GradMode.NoGrad();
        Init.Normal(lin.Weight, 0, std, gen);
        Init.Zeros(lin.Bias!);
        return lin;
    }

    /// <summary>
    /// Trains one network for <paramref name="steps"/> SGD steps (batch 60, reshuffled each epoch from the seed), evaluating
    /// test accuracy and the probed unit's input percentiles every <paramref name="evalEvery"/> steps and at step 0.
    /// The network is evaluated in eval mode, so BatchNorm uses its running averages — the network as it would be deployed.
    /// </summary>
    /// <param name="placement">Where BatchNorm goes.</param>
    /// <param name="seed">Seeds the weights and the batch order.</param>
    /// <param name="lr">SGD learning rate (no momentum, no weight decay).</param>
    /// <param name="initStd">Standard deviation of the Gaussian initial weights.</param>
    /// <param name="steps">Number of SGD steps.</param>
    /// <param name="evalEvery">Evaluation period in steps.</param>
    /// <param name="xTrain">Training images, [N, 784] in [0, 1].</param>
    /// <param name="yTrain">Training labels, [N] int64.</param>
    /// <param name="xTest">Evaluation images.</param>
    /// <param name="yTest">Evaluation labels.</param>
    /// <param name="onEval">Called after each evaluation with (step, accuracy, median of the probed unit).</param>
    public static SigmoidMlpTrace Train(BatchNormPlacement placement, ulong seed, double lr, double initStd, int steps, int evalEvery,
        Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, Action<long, double, double>? onEval = null)
    {
        var gen = new Generator(seed);
        var (net, probe) = Build(placement, gen, initStd);
        var opt = new SGD(net.Parameters(), lr: lr);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 60, shuffle: true, dropLast: true, generator: gen);
        var stepsList = new List<long>();
        var acc = new List<double>();
        var p15 = new List<double>(); var p50 = new List<double>(); var p85 = new List<double>();
        var medians = new List<double[]>();

        void Evaluate(long step)
        {
            var (a, inputs) = EvaluateWithProbe(net, probe, xTest, yTest);
            var unitMedians = new double[Hidden];
            for (int u = 0; u < Hidden; u++) unitMedians[u] = Percentile(inputs[u], 50);
            stepsList.Add(step); acc.Add(a); medians.Add(unitMedians);
            p15.Add(Percentile(inputs[0], 15)); p50.Add(unitMedians[0]); p85.Add(Percentile(inputs[0], 85));
            onEval?.Invoke(step, a, unitMedians[0]);
        }

        Evaluate(0);
        int done = 0;
        while (done < steps)
        {
            net.Train();
            foreach (var (x, y) in loader)
            {
                using (var scope = new TensorScope())
                {
                    var loss = F.CrossEntropy(net.Forward(x), y);
                    opt.ZeroGrad();
                    loss.Backward();
                    opt.Step();
                }
                done++;
                if (done % evalEvery == 0) { Evaluate(done); net.Train(); }
                if (done == steps) break;
            }
        }
        return new SigmoidMlpTrace(stepsList.ToArray(), acc.ToArray(), p15.ToArray(), p50.ToArray(), p85.ToArray(), medians.ToArray());
    }

    /// <summary>
    /// Test accuracy, and the inputs of every last-layer sigmoid over all images as [unit][image] arrays, in one
    /// forward pass per 1,000-image chunk without recording the graph.
    /// </summary>
    private static (double Accuracy, float[][] Inputs) EvaluateWithProbe(Sequential net, int probe, Tensor x, Tensor y)
    {
        net.Eval();
        using var _ = GradMode.NoGrad();
        int n = x.Size(0), correct = 0;
        var labels = y.ToArray<long>();
        var inputs = new float[Hidden][];
        for (int u = 0; u < Hidden; u++) inputs[u] = new float[n];
        for (int s = 0; s < n; s += 1000)
        {
            using var scope = new TensorScope();
            int len = Math.Min(1000, n - s);
            var h = x.Narrow(0, s, len);
            for (int i = 0; i < net.Count; i++)
            {
                h = net[i].Forward(h);
                if (i != probe) continue;
                var pre = h.Contiguous().ToArray<float>();
                for (int r = 0; r < len; r++)
                    for (int u = 0; u < Hidden; u++) inputs[u][s + r] = pre[r * Hidden + u];
            }
            var pred = h.ArgMax(1).ToArray<long>();
            for (int r = 0; r < len; r++) if (pred[r] == labels[s + r]) correct++;
        }
        return ((double)correct / n, inputs);
    }

    /// <summary>The q-th percentile with linear interpolation between order statistics (NumPy's default method).</summary>
    public static double Percentile(float[] values, double q)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        double pos = q / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
