using System.Diagnostics;
using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.ML.Metrics;
using Glassbox.Models;
using Glassbox.NN;
using Glassbox.Optim;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The cluttered-digit segmentation recipe of the <c>unet-segmentation</c> milestone: MNIST digits pasted on
/// 48×48 canvases strewn with fragments of other digits (<see cref="Synthetic.MakeClutteredDigits"/>), a small
/// U-Net predicting two logits per pixel, per-pixel two-class cross-entropy, Adam.
/// </summary>
/// <remarks>
/// <para><b>Why the clutter is nearly as bright as the digit.</b> With the generator's default clutter intensity
/// (0.5, at the mask threshold) every clutter pixel is at most 0.5 while every mask pixel exceeds 0.5, so
/// thresholding brightness at 0.5 reproduces the mask exactly (IoU 1) and a network proves nothing. At intensity
/// 0.8 clutter strokes overlap the digit's brightness range (0.5, 1]: a threshold that rejects all clutter (0.8)
/// also drops the quarter of the mask's pixels that are not brighter than 0.8 (the anti-aliased flanks of MNIST
/// strokes), and a lower one takes clutter in; the network must tell a whole digit from cut-off 10×10 pieces of
/// others by shape and by the brightness of a stroke's core. <see cref="BrightnessBaseline"/> measures how far
/// brightness alone gets. Brighter clutter is harder for this budget: with the same network and schedule, intensity
/// 0.9 (7,000 canvases) reached a mean IoU of 0.892 and intensity 1 (8,000 canvases) 0.787.</para>
/// <para><b>Size.</b> 48×48 canvases (a multiple of 2^depth = 8) with digits 16–36 px high have 56% of the default
/// 64×64 canvas's pixels with digits of a similar share of the canvas, so an epoch costs about half as much.</para>
/// </remarks>
public static class ClutteredDigitsUNet
{
    /// <summary>The data options: 48×48 canvas, digits 16–36 px high, six 10×10 clutter pieces at intensity 0.8, noise 0.1.</summary>
    public static ClutteredDigitsOptions Options { get; } = new(Canvas: 48, MinSize: 16, MaxSize: 36, ClutterPieces: 6, ClutterPatch: 10, ClutterIntensity: 0.8, Noise: 0.1);

    /// <summary>Channels of the first U-Net level.</summary>
    public const int Width = 8;

    /// <summary>Number of 2×2 pools.</summary>
    public const int Depth = 3;

    /// <summary>U-Net(1 → 2 classes, width 8, depth 3, transposed up-convolutions, batch norm), PyTorch initialisation from <paramref name="gen"/>.</summary>
    public static UNet Build(Generator gen) => new(1, 2, Width, Depth, UNetUpsampling.TransposedConv, batchNorm: true, generator: gen);

    /// <summary>
    /// Training canvases made from MNIST training digits and held-out canvases made from MNIST test digits (so no
    /// digit, and no clutter fragment, of the held-out set was seen in training). Each set has its own generator
    /// stream derived from <paramref name="seed"/>.
    /// </summary>
    public static (ClutteredDigits Train, ClutteredDigits Test) Load(string? dataDir, int trainCount, int testCount, ulong seed)
    {
        var mnist = DatasetRegistry.Mnist(dataDir, download: true);
        var train = Synthetic.MakeClutteredDigits(mnist.Train.Images, trainCount, mnist.Train.Labels, Options, new Generator(seed * 2 + 1));
        var test = Synthetic.MakeClutteredDigits(mnist.Test.Images, testCount, mnist.Test.Labels, Options, new Generator(seed * 2 + 2));
        return (train, test);
    }

    /// <summary>One pass over the loader with per-pixel cross-entropy; returns (mean loss, pixel accuracy, seconds).</summary>
    public static (double Loss, double PixelAccuracy, double Seconds) TrainEpoch(UNet model, Optimizer opt, DataLoader loader,
        Action<int, int, long, double, double>? onStep = null, Action? afterStep = null)
    {
        model.Train();
        var sw = Stopwatch.StartNew();
        double lossSum = 0; long correct = 0, pixels = 0, seen = 0; int step = 0;
        foreach (var (x, y) in loader)
        {
            using var scope = new TensorScope();
            var logits = model.Forward(x);          // [B, 2, S, S]
            var loss = F.CrossEntropy(logits, y);   // y: int64 [B, S, S], mean over every pixel
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
            afterStep?.Invoke();
            int n = x.Size(0);
            lossSum += loss.Item() * n; seen += n; step++;
            correct += (long)logits.ArgMax(1).Eq(y).Sum().Item();
            pixels += y.Numel;
            onStep?.Invoke(step, loader.Count, seen, lossSum / seen, (double)correct / pixels);
        }
        return (lossSum / Math.Max(seen, 1), (double)correct / Math.Max(pixels, 1), sw.Elapsed.TotalSeconds);
    }

    /// <summary>Predicted masks (int64 [N, S, S], arg-max of the logits) in eval mode, batches of 200, no graph recorded.</summary>
    public static Tensor Predict(UNet model, Tensor images)
    {
        model.Eval();
        using var _ = GradMode.NoGrad();
        int n = images.Size(0);
        var parts = new List<Tensor>();
        for (int s = 0; s < n; s += 200)
            parts.Add(model.Forward(images.Narrow(0, s, Math.Min(200, n - s))).ArgMax(1));
        return Tensor.Cat(parts.ToArray(), 0);
    }

    /// <summary>Masks that call a pixel foreground when its brightness exceeds <paramref name="threshold"/>.</summary>
    public static Tensor Threshold(Tensor images, double threshold) => images.Squeeze(1).Gt(threshold).To(DType.Int64);

    /// <summary>
    /// The best brightness threshold for foreground IoU on <paramref name="train"/>, swept over 0.05, 0.10, …, 0.95:
    /// the strongest segmentation that looks at one pixel's intensity only. Chosen on training canvases, so the held-out
    /// score it gets is as honest as the network's.
    /// </summary>
    public static double BrightnessBaseline(ClutteredDigits train)
    {
        double best = 0.5, bestIoU = -1;
        for (int k = 1; k <= 19; k++)
        {
            double th = k * 0.05;
            double iou = Segmentation.Score(train.Masks, Threshold(train.Images, th), 2).IoU(1);
            if (iou > bestIoU) (best, bestIoU) = (th, iou);
        }
        return best;
    }
}
