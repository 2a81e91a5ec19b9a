using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The fully connected GAN discriminator: flattened 28×28 images through hidden layers with LeakyReLU(0.2) to one
/// logit per image (the probability of "real" is its sigmoid, applied inside <see cref="GanLoss"/>). Optionally
/// conditional: a learned label embedding is concatenated to the pixels.
/// </summary>
/// <remarks>
/// <para>Shapes with the defaults (hidden [512, 256]): Linear(784, 512) 401,920 parameters, LeakyReLU(0.2);
/// Linear(512, 256) 131,328, LeakyReLU(0.2); Linear(256, 1) 257 → [N, 1]. No batch norm, so it can also serve as a
/// WGAN-GP critic (its outputs are then unbounded scores).</para>
/// </remarks>
public sealed class MlpGanDiscriminator : Module<Tensor, Tensor?, Tensor>
{
    private readonly Sequential net;
    private readonly Embedding? embed;

    /// <summary>Creates the discriminator.</summary>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="numClasses">Number of classes for a conditional discriminator; 0 for an unconditional one.</param>
    /// <param name="embeddingDim">Width of the label embedding (conditional only).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public MlpGanDiscriminator(IReadOnlyList<int>? hidden = null, int numClasses = 0, int embeddingDim = 10, DType dtype = DType.Float32, Generator? generator = null)
    {
        hidden ??= [512, 256];
        if (hidden.Count == 0 || hidden.Any(h => h <= 0) || numClasses < 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(hidden), $"MlpGanDiscriminator: hidden [{string.Join(", ", hidden)}], numClasses {numClasses}, embeddingDim {embeddingDim} must be positive (numClasses may be 0)");
        NumClasses = numClasses;
        var layers = new List<Module<Tensor, Tensor>>();
        int width = 28 * 28 + (numClasses > 0 ? embeddingDim : 0);
        foreach (var h in hidden)
        {
            layers.Add(new Linear(width, h, dtype: dtype, generator: generator));
            layers.Add(new LeakyReLU(0.2));
            width = h;
        }
        layers.Add(new Linear(width, 1, dtype: dtype, generator: generator));
        net = RegisterModule("net", new Sequential(layers.ToArray()));
        if (numClasses > 0) embed = RegisterModule("embed", new Embedding(numClasses, embeddingDim, dtype, generator));
    }

    /// <summary>Number of classes (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Logits [N, 1] for images [N, 1, 28, 28] or [N, 784] (and labels [N] when conditional, else null).</summary>
    /// <exception cref="ArgumentException">The images are not 784 pixels each, or labels are missing, unexpected or out of range.</exception>
    public override Tensor Forward(Tensor images, Tensor? labels)
    {
        if (images.NDim < 2 || images.Numel != images.Size(0) * 784)
            throw new ArgumentException($"MlpGanDiscriminator: expected images of shape [N, 1, 28, 28] or [N, 784], got {ShapeUtil.Format(images.ShapeArray)}");
        var x = images.Reshape(images.Size(0), 784);
        var y = GanConditioning.Check("MlpGanDiscriminator", labels, NumClasses, x.Size(0));
        return net.Call(y is null ? x : Tensor.Cat([x, embed!.Call(y)], 1));
    }
}
