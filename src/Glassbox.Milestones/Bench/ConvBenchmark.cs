using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Milestones.Recipes;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones.Bench;

/// <summary>One representative convolution layer of the layer benchmark: input [N, C, H, W], weight [OC, C/groups, k, k].</summary>
/// <param name="Name">Label shared with tools/reference/bench_cnn_torch.py.</param>
/// <param name="N">Batch size.</param>
/// <param name="C">Input channels.</param>
/// <param name="H">Input height.</param>
/// <param name="W">Input width.</param>
/// <param name="OC">Output channels.</param>
/// <param name="K">Square kernel size.</param>
/// <param name="Stride">Stride on both axes.</param>
/// <param name="Pad">Zero padding on both axes.</param>
/// <param name="Groups">Channel groups (= C for depthwise).</param>
public readonly record struct ConvLayerShape(string Name, int N, int C, int H, int W, int OC, int K, int Stride, int Pad, int Groups)
{
    /// <summary>Output height (dilation 1).</summary>
    public int OH => (H + 2 * Pad - K) / Stride + 1;
    /// <summary>Output width (dilation 1).</summary>
    public int OW => (W + 2 * Pad - K) / Stride + 1;

    /// <summary>
    /// Floating-point operations of forward + backward-data + backward-weight: each is the same multiply-add count,
    /// 2·N·OC·OH·OW·(C/groups)·k², so the three together are 3× that (the count PyTorch's side uses too).
    /// </summary>
    public double Flops => 3 * 2.0 * N * OC * OH * OW * (C / Groups) * K * K;
}

/// <summary>
/// The Glassbox side of <c>glassbox bench conv</c>, timed exactly as tools/reference/bench_cnn_torch.py times PyTorch:
/// the LeNet-5 MNIST epoch of <see cref="MnistLeNet"/>, CIFAR ResNet-20 training steps on random data, and
/// forward + backward of five representative convolution layers.
/// </summary>
public static class ConvBenchmark
{
    /// <summary>The five layer shapes, in the reference script's order.</summary>
    public static IReadOnlyList<ConvLayerShape> Layers { get; } =
    [
        new("3x3 s1 64ch 32x32", 128, 64, 32, 32, 64, 3, 1, 1, 1),
        new("3x3 s2 32->64 16x16", 128, 32, 16, 16, 64, 3, 2, 1, 1),
        new("1x1 s1 64->256 16x16", 128, 64, 16, 16, 256, 1, 1, 0, 1),
        new("depthwise 3x3 128ch 16x16", 128, 128, 16, 16, 128, 3, 1, 1, 128),
        new("first 3->16 3x3 32x32", 128, 3, 32, 32, 16, 3, 1, 1, 1),
    ];

    /// <summary>
    /// Trains LeNet-5 for <paramref name="epochs"/> epochs of the 60,000 MNIST training images (SGD momentum 0.9,
    /// lr 0.05, batch 128, shuffled) and returns the fastest epoch's seconds and the final test accuracy.
    /// </summary>
    public static (double secondsPerEpoch, double testAccuracy, long parameters) LeNetEpoch(string? dataDir, int epochs, ulong seed)
    {
        var (xTrain, yTrain, xTest, yTest) = MnistLeNet.Load(dataDir);
        var gen = new Generator(seed);
        var model = MnistLeNet.Build(gen);
        var opt = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen);
        double best = double.PositiveInfinity;
        for (int e = 0; e < epochs; e++) best = Math.Min(best, ClassifierTraining.TrainEpoch(model, opt, loader).seconds);
        var (acc, _) = ClassifierTraining.Evaluate(model, xTest, yTest);
        return (best, acc, model.Parameters().Sum(p => (long)p.Numel));
    }

    /// <summary>
    /// CIFAR ResNet-20 (option-A shortcuts) training on one fixed random batch of 128 N(0, 1) 3×32×32 images with
    /// random labels (SGD momentum 0.9, lr 0.1): 3 warm-up steps, then <paramref name="steps"/> timed steps.
    /// Random data is enough for a throughput number: every step does the same work whatever the pixels are.
    /// </summary>
    public static (double imagesPerSecond, double secondsPerStep, double lastLoss, long parameters) ResNet20Steps(int steps, ulong seed)
    {
        var gen = new Generator(seed);
        var model = ResNet.ResNet20(10, ResNetShortcut.A, generator: gen);
        model.Train();
        var opt = new SGD(model.Parameters(), lr: 0.1, momentum: 0.9);
        var x = Tensor.Randn([128, 3, 32, 32], generator: gen);
        var y = Tensor.Randint(0, 10, [128], gen);
        double Step()
        {
            using var scope = new TensorScope();
            var loss = F.CrossEntropy(model.Forward(x), y);
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            return loss.Item();
        }
        for (int i = 0; i < 3; i++) Step();
        var sw = Stopwatch.StartNew();
        double last = 0;
        for (int i = 0; i < steps; i++) last = Step();
        double secs = sw.Elapsed.TotalSeconds;
        return (128 * steps / secs, secs / steps, last, model.Parameters().Sum(p => (long)p.Numel));
    }

    /// <summary>
    /// Forward + backward (input and weight gradients, upstream gradient of ones, no bias) of one layer: two warm-up
    /// calls, then repeated until at least 3 calls and 1 s; returns the mean seconds per call and GFLOPS.
    /// </summary>
    public static (double seconds, double gflops) Layer(ConvLayerShape s, ulong seed)
    {
        var gen = new Generator(seed);
        var x = Tensor.Randn([s.N, s.C, s.H, s.W], generator: gen).RequiresGrad_();
        var w = Tensor.Randn([s.OC, s.C / s.Groups, s.K, s.K], generator: gen).RequiresGrad_();
        void Once()
        {
            using var scope = new TensorScope();
            var outp = F.Conv2d(x, w, null, s.Stride, s.Pad, 1, s.Groups);
            outp.Backward(Tensor.OnesLike(outp));
            x.Grad = null; w.Grad = null;
        }
        Once(); Once();
        int reps = 0;
        var sw = Stopwatch.StartNew();
        while (reps < 3 || sw.Elapsed.TotalSeconds < 1.0) { Once(); reps++; }
        double secs = sw.Elapsed.TotalSeconds / reps;
        return (secs, s.Flops / secs / 1e9);
    }
}
