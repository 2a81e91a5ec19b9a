using Glassbox.Data;
using Glassbox.Data.Transforms;
using Glassbox.Models;
using Glassbox.Optim;
using Glassbox.Optim.Schedulers;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The Vision Transformer MNIST recipe of the <c>vit-mnist</c> milestone: a small <see cref="VisionTransformer"/>
/// (7×7 patches, so a digit is 16 tokens plus the class token; width 64, 4 heads, MLP 128, 4 pre-norm blocks;
/// 137,546 parameters), AdamW with a linear warm-up and cosine decay, and the same ±2-pixel random shifts as the
/// LeNet-5 recipe.
/// </summary>
/// <remarks>
/// <para><b>Why these choices.</b> A ViT has no built-in translation invariance (its patch grid is fixed and the
/// position embeddings are learned), so on a small data set it overfits more readily than a CNN; the random shifts
/// supply the invariance the convolutions of LeNet-5 get for free. Weight decay (0.05, the usual ViT value) applies
/// to the weight matrices and convolution kernels only, not to biases, layer norms, the class token or the position
/// embeddings, whose scale carries meaning. Transformers are sensitive to large early updates (Adam's second moments
/// are not yet estimated and the pre-norm residual stream is small), hence the warm-up over the first epoch.</para>
/// <para>7×7 patches keep the sequence at 17 tokens: attention costs grow with its square and the matrix products with
/// its length, and 4×4 patches (50 tokens) would triple the training time for the fraction of a point they add.</para>
/// </remarks>
public static class VitMnist
{
    /// <summary>Peak learning rate of the schedule.</summary>
    public const double LearningRate = 2e-3;

    /// <summary>Decoupled weight decay of the weight matrices.</summary>
    public const double WeightDecay = 0.05;

    /// <summary>Mini-batch size.</summary>
    public const int BatchSize = 128;

    /// <summary>The network, drawn from <paramref name="gen"/>.</summary>
    public static VisionTransformer Build(Generator gen) =>
        new(28, 7, numLayers: 4, numHeads: 4, hiddenDim: 64, mlpDim: 128, numClasses: 10, inChannels: 1, generator: gen);

    /// <summary>
    /// The training setup: the network, AdamW (β = (0.9, 0.999), decay on rank-2 and rank-4 weights only), a shuffled
    /// batch loader shifting every image by up to 2 pixels each way, and the schedule (linear warm-up over the first
    /// epoch, or over <paramref name="warmupSteps"/> steps, then cosine to 0), stepped per batch.
    /// </summary>
    public static (VisionTransformer model, AdamW opt, DataLoader loader, LinearWarmupCosine sched) Trainer(Generator gen, Tensor xTrain, Tensor yTrain, int epochs,
        int? warmupSteps = null)
    {
        var model = Build(gen);
        var all = model.Parameters().ToList();
        var decay = all.Where(p => p.NDim == 2 || p.NDim == 4).ToList();
        var noDecay = all.Where(p => p.NDim != 2 && p.NDim != 4).ToList();
        var opt = new AdamW([new ParamGroup<AdamOptions>(decay), new ParamGroup<AdamOptions>(noDecay, o => o with { WeightDecay = 0 })],
            new AdamWOptions { Lr = LearningRate, WeightDecay = WeightDecay });
        var shift = new RandomCrop(28, padding: 2, generator: gen, mode: CropPadding.Replicate);
        var loader = new DataLoader(new TensorDataset(xTrain, yTrain), batchSize: BatchSize, shuffle: true, generator: gen,
            batchTransform: b => [shift.Apply(b[0]), b[1]]);
        int steps = epochs * loader.Count;
        var sched = new LinearWarmupCosine(opt, warmupSteps: Math.Min(warmupSteps ?? loader.Count, steps - 1), totalSteps: steps);
        return (model, opt, loader, sched);
    }
}
