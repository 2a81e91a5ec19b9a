using Glassbox.Autograd;
using Glassbox.Data;
using Glassbox.Data.Transforms;
using Glassbox.NN;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The <c>fashion-cnn</c> recipe: a small VGG-style network for Fashion-MNIST sized to train on two cores in a few
/// minutes per pass over the data, with the augmentation and schedule that let so small a model pass 93.5%.
/// </summary>
/// <remarks>
/// <para>
/// Network (PyTorch's <c>nn.Sequential</c> of the same layers gives the same parameter count, 390,634): three blocks
/// of 3×3 convolution (padding 1, no bias — batch norm's shift replaces it) → <c>BatchNorm2d</c> → ReLU → 2×2 max
/// pooling with 32, 64 and 128 channels (28 → 14 → 7 → 3), then dropout 0.3, a 1152 → 256 linear layer, ReLU,
/// dropout 0.3 and a 256 → 10 linear layer. Cost per image: 0.23 M + 3.6 M + 3.6 M + 0.3 M multiply-adds, ≈ 15.5
/// MFLOP forward and ≈ 46 MFLOP for a training step (backward-data and backward-weight each cost about a forward),
/// so one epoch of 60,000 images is ≈ 2.8 TFLOP. A second convolution per block would add 7.2 M multiply-adds at
/// 28×28 alone and roughly double the time; the single-convolution blocks keep the run inside its time bar.
/// </para>
/// <para>
/// Training: SGD with Nesterov momentum, weight decay 5e-4, batch 128, the one-cycle schedule (Smith &amp; Topin 2019;
/// PyTorch's <c>OneCycleLR</c>: lr warms from 0.004 to 0.1 over the first 30% of the steps with momentum cycled
/// 0.95 → 0.85, then anneals by a cosine to 4e-7), cross-entropy with label smoothing 0.1 (the targets put 0.91 on
/// the true class, 0.01 on each other class, so the network is not pushed to ever-larger logits on the ambiguous
/// shirt/T-shirt/pullover images). Augmentation per training image: a random 28×28 crop of the image zero-padded by
/// 2 (zero is the background before standardisation, so the padding is more background) and a horizontal flip with
/// probability ½ (garments are left-right symmetric up to details); then pixels are standardised with the training
/// set's mean and standard deviation.
/// </para>
/// </remarks>
public static class FashionCnn
{
    /// <summary>The Fashion-MNIST class names, in label order.</summary>
    public static readonly string[] ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>One-word class names for picture captions and axis labels ("Boot" for ankle boot).</summary>
    public static readonly string[] ShortNames = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"];

    /// <summary>The learning rate at the peak of the one-cycle schedule.</summary>
    public const double MaxLr = 0.1;

    /// <summary>The label-smoothing weight of the loss.</summary>
    public const double LabelSmoothing = 0.1;

    /// <summary>The network described on <see cref="FashionCnn"/>, initialised from <paramref name="gen"/> with PyTorch's defaults.</summary>
    public static Sequential Build(Generator gen)
    {
        Module<Tensor, Tensor>[] Block(int cin, int cout) =>
            [new Conv2d(cin, cout, 3, padding: 1, bias: false, generator: gen), new BatchNorm2d(cout), new ReLU(), new MaxPool2d(2)];
        return new Sequential([
            .. Block(1, 32), .. Block(32, 64), .. Block(64, 128),
            new Flatten(), new Dropout(0.3, gen), new Linear(128 * 3 * 3, 256, generator: gen), new ReLU(), new Dropout(0.3, gen),
            new Linear(256, 10, generator: gen),
        ]);
    }

    /// <summary>
    /// Fashion-MNIST as [N, 1, 28, 28] float32 images with pixels in [0, 1] (not yet standardised: the augmentation
    /// pads with the zero background first) and int64 labels, with the training pixels' mean and standard deviation.
    /// </summary>
    public static (Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, float mean, float std) Load(string? dataDir)
    {
        var data = DatasetRegistry.FashionMnist(dataDir, flatten: true, download: true);
        var xTrain = data.Train.Images.Reshape(-1, 1, 28, 28);
        var xTest = data.Test.Images.Reshape(-1, 1, 28, 28);
        var (mean, std) = PixelStatistics(xTrain);
        return (xTrain, data.Train.Labels, xTest, data.Test.Labels, (float)mean, (float)std);
    }

    /// <summary>Population mean and standard deviation of all pixels, accumulated in float64.</summary>
    public static (double mean, double std) PixelStatistics(Tensor x)
    {
        var v = x.ToArray<float>();
        double sum = 0, sq = 0;
        foreach (var p in v) sum += p;
        double mean = sum / Math.Max(v.Length, 1);
        foreach (var p in v) sq += (p - mean) * (p - mean);
        return (mean, Math.Sqrt(sq / Math.Max(v.Length, 1)));
    }

    /// <summary>
    /// The training setup: network, SGD (Nesterov momentum; the one-cycle schedule drives lr and momentum), the
    /// shuffled batch-128 loader with crop, flip and standardisation, and the schedule over <paramref name="epochs"/>
    /// epochs, stepped per batch.
    /// </summary>
    public static (Sequential model, SGD opt, DataLoader loader, OneCycleLR sched) Trainer(Generator gen, Tensor xTrain, Tensor yTrain,
        float mean, float std, int epochs)
    {
        var model = Build(gen);
        var opt = new SGD(model.Parameters(), lr: MaxLr, momentum: 0.9, weightDecay: 5e-4, nesterov: true);
        var crop = new RandomCrop(28, padding: 2, generator: gen);
        var flip = new RandomHorizontalFlip(0.5, gen);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen,
            batchTransform: b => [Standardize(flip.Apply(crop.Apply(b[0])), mean, std), b[1]]);
        return (model, opt, loader, new OneCycleLR(opt, MaxLr, epochs * loader.Count));
    }

    /// <summary>(x − mean) / std, outside the autograd graph.</summary>
    public static Tensor Standardize(Tensor x, float mean, float std)
    {
        using var noGrad = GradMode.NoGrad();
        return (x - mean) / std;
    }

    /// <summary>
    /// Softmax probabilities [N, 10] of the network in eval mode for <paramref name="x"/> (already standardised), in
    /// batches of 1000 without recording the graph.
    /// </summary>
    public static float[] Probabilities(Module<Tensor, Tensor> model, Tensor x)
    {
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        int n = x.Size(0);
        var probs = new float[n * 10];
        for (int s = 0; s < n; s += 1000)
        {
            using var scope = new TensorScope();
            int len = Math.Min(1000, n - s);
            model.Forward(x.Narrow(0, s, len)).Softmax(1).ToArray<float>().CopyTo(probs, s * 10);
        }
        return probs;
    }
}
