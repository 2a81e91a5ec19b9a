using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Data.Transforms;
using Glassbox.NN;

namespace Glassbox.Milestones.Recipes;

/// <summary>Which images the <c>cifar-resnet</c> recipe trained on.</summary>
public enum CifarResNetData
{
    /// <summary>CIFAR-10 from the data folder.</summary>
    Cifar10,
    /// <summary>Fashion-MNIST padded to 32×32 and repeated to 3 channels, because CIFAR-10 is absent.</summary>
    FashionMnistStandIn,
}

/// <summary>
/// Data for CIFAR ResNet-20 (He et al. 2016 §4.2): CIFAR-10 when the data folder has it, otherwise Fashion-MNIST
/// dressed as CIFAR — each 28×28 image zero-padded by 2 to 32×32 (its background is 0, so the padding is more
/// background) — so that the same network, augmentation and schedule run offline on real images. Pixels are
/// standardised per channel with the training set's statistics (the paper subtracts the per-pixel mean; per-channel
/// standardisation is the common modern equivalent).
/// </summary>
public static class CifarResNet
{
    /// <summary>
    /// Train and test images [N, C, 32, 32] (C = 3 for CIFAR-10, 1 for the stand-in, which <see cref="ToThreeChannels"/>
    /// widens per batch so the 3-channel copy of 60,000 images is never built), labels, and which data it is.
    /// </summary>
    public static (Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, CifarResNetData kind) Load(string? dataDir)
    {
        try
        {
            var c = DatasetRegistry.Cifar10(dataDir, download: false);
            var (tr, te) = StandardizePerChannel(c.Train.Images, c.Test.Images);
            return (tr, c.Train.Labels, te, c.Test.Labels, CifarResNetData.Cifar10);
        }
        catch (DatasetNotFoundException)
        {
            var f = DatasetRegistry.FashionMnist(dataDir, flatten: false, download: true);
            Tensor Pad(Tensor x)
            {
                using var noGrad = GradMode.NoGrad();
                return F.Pad(x.Reshape(-1, 1, 28, 28), [2, 2, 2, 2]);
            }
            var (tr, te) = StandardizePerChannel(Pad(f.Train.Images), Pad(f.Test.Images));
            return (tr, f.Train.Labels, te, f.Test.Labels, CifarResNetData.FashionMnistStandIn);
        }
    }

    /// <summary>[N, 1, H, W] → [N, 3, H, W] by repeating the channel; [N, 3, H, W] is returned as it is.</summary>
    public static Tensor ToThreeChannels(Tensor x) => x.Size(1) == 3 ? x : x.Repeat(1, 3, 1, 1);

    /// <summary>
    /// x ← (x − μ_c)/σ_c for each channel c, with μ_c and σ_c (population) over all training pixels of channel c,
    /// computed in float64 one channel at a time; applied to both sets.
    /// </summary>
    public static (Tensor train, Tensor test) StandardizePerChannel(Tensor train, Tensor test)
    {
        using var noGrad = GradMode.NoGrad();
        int channels = train.Size(1);
        var mean = new double[channels];
        var std = new double[channels];
        int n = train.Size(0);
        double count = (double)n * train.Size(2) * train.Size(3);
        for (int c = 0; c < channels; c++)
        {
            // Two exact passes over 5,000-image chunks in float64: no full-size float64 copy is ever built.
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i += 5000)
            {
                using var scope = new TensorScope();
                sum += train.Narrow(0, i, Math.Min(5000, n - i)).Narrow(1, c, 1).Double().Sum().Item();
            }
            mean[c] = sum / count;
            for (int i = 0; i < n; i += 5000)
            {
                using var scope = new TensorScope();
                sq += (train.Narrow(0, i, Math.Min(5000, n - i)).Narrow(1, c, 1).Double() - mean[c]).Pow(2).Sum().Item();
            }
            std[c] = Math.Sqrt(sq / count);
        }
        var m = Tensor.FromArray(mean.Select(v => (float)v).ToArray()).Reshape(1, channels, 1, 1);
        var s = Tensor.FromArray(std.Select(v => (float)v).ToArray()).Reshape(1, channels, 1, 1);
        return ((train - m) / s, (test - m) / s);
    }

    /// <summary>
    /// He et al.'s augmentation: pad by 4 and take a random 32×32 crop, then flip horizontally with probability ½;
    /// then <see cref="ToThreeChannels"/>. Drawn per image from <paramref name="gen"/>.
    /// </summary>
    public static Func<Tensor[], Tensor[]> Augmentation(Generator gen)
    {
        var crop = new RandomCrop(32, padding: 4, generator: gen);
        var flip = new RandomHorizontalFlip(0.5, gen);
        return b => [ToThreeChannels(flip.Apply(crop.Apply(b[0]))), b[1]];
    }
}
