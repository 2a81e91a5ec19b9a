using Glassbox.Data;
using Glassbox.Data.Transforms;
using Glassbox.Models;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The LeNet-5 MNIST recipe shared by the <c>mnist-lenet</c> milestone and <c>glassbox bench conv</c> (and by
/// tools/reference/bench_cnn_torch.py and the TorchSharp peer, so the three time the same work): the modern LeNet-5
/// (ReLU, 2×2 max pooling, conv1 padded by 2 so 28×28 digits keep their size; 61,706 parameters), cross-entropy on
/// logits, SGD with momentum 0.9 at lr 0.05, batch 128, pixels standardised with the training set's global mean and
/// standard deviation.
/// </summary>
public static class MnistLeNet
{
    /// <summary>The network, every layer with PyTorch's default initialisation drawn from <paramref name="gen"/>.</summary>
    public static LeNet5 Build(Generator gen) => new(10, LeNet5Activation.ReLU, LeNet5Pooling.Max, generator: gen);

    /// <summary>
    /// MNIST as [N, 1, 28, 28] float32 images standardised with the training pixels' μ and σ
    /// (<see cref="MnistMlp.Standardize"/>), and int64 labels.
    /// </summary>
    public static (Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) Load(string? dataDir)
    {
        var data = DatasetRegistry.Mnist(dataDir, flatten: true, download: true);
        var (xTrain, xTest) = MnistMlp.Standardize(data.Train.Images, data.Test.Images);
        return (xTrain.Reshape(-1, 1, 28, 28), data.Train.Labels, xTest.Reshape(-1, 1, 28, 28), data.Test.Labels);
    }

    /// <summary>
    /// The milestones' training setup: the network, SGD (momentum 0.9, lr 0.05, weight decay 5e-4), a shuffled
    /// batch-128 loader that shifts each training image by up to 2 pixels each way (a random 28×28 crop of the
    /// edge-replicated 32×32 image — replicate, not zeros, because the standardised background is −μ/σ ≈ −0.42), and
    /// a cosine decay of the learning rate to 0 over <paramref name="epochs"/> epochs, stepped per batch.
    /// </summary>
    public static (LeNet5 model, SGD opt, DataLoader loader, CosineAnnealingLR sched) Trainer(Generator gen, Tensor xTrain, Tensor yTrain, int epochs)
    {
        var model = Build(gen);
        var opt = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9, weightDecay: 5e-4);
        var shift = new RandomCrop(28, padding: 2, generator: gen, mode: CropPadding.Replicate);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: 128, shuffle: true, generator: gen,
            batchTransform: b => [shift.Apply(b[0]), b[1]]);
        return (model, opt, loader, new CosineAnnealingLR(opt, tMax: epochs * loader.Count));
    }
}
