using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The DCGAN discriminator (Radford et al. 2016) for 28×28 images: two stride-2 convolutions (28 → 14 → 7) with
/// LeakyReLU(0.2) — strided convolutions instead of pooling — batch norm on the second, and a linear layer to one
/// logit. With <c>batchNorm: false</c> it is the WGAN-GP critic of Gulrajani et al. (2017), who drop batch norm because
/// it makes each sample's score depend on the rest of the batch, which the per-sample gradient penalty cannot constrain.
/// Optionally conditional: a learned 28×28 map per class is stacked as a second input channel.
/// </summary>
/// <remarks>
/// <para>Shapes for width w (w = 64: 138k parameters unconditional):</para>
/// <code>
/// x [N, 1, 28, 28] (‖ embed(y) reshaped [N, 1, 28, 28] when conditional)
/// conv1  Conv2d(1 (+1), w, 4, stride=2, padding=1)                → [N, w, 14, 14], LeakyReLU(0.2)
/// conv2  Conv2d(w, 2w, 4, stride=2, padding=1, bias=!batchNorm)   → [N, 2w, 7, 7], [BatchNorm2d(2w)], LeakyReLU(0.2)
/// head   Linear(2w·7·7, 1)                                        → [N, 1]
/// </code>
/// <para>The first layer has no batch norm (Radford et al.: normalising the input layer of D, like the output layer
/// of G, made training oscillate). Initialisation: N(0, 0.02) weights, batch-norm scales N(1, 0.02).</para>
/// </remarks>
public sealed class DcganDiscriminator : Module<Tensor, Tensor?, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d? bn2;
    private readonly Linear head;
    private readonly Embedding? embed;

    /// <summary>Creates the discriminator (or critic).</summary>
    /// <param name="width">w: channels of the 14×14 layer (the 7×7 layer has 2w).</param>
    /// <param name="batchNorm">Batch norm after the second convolution (false for a WGAN-GP critic).</param>
    /// <param name="numClasses">Number of classes for a conditional discriminator; 0 for an unconditional one.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public DcganDiscriminator(int width = 64, bool batchNorm = true, int numClasses = 0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (width <= 0 || numClasses < 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"DcganDiscriminator: width {width} must be positive and numClasses {numClasses} non-negative");
        Width = width;
        BatchNorm = batchNorm;
        NumClasses = numClasses;
        conv1 = RegisterModule("conv1", new Conv2d(numClasses > 0 ? 2 : 1, width, 4, stride: 2, padding: 1, dtype: dtype, generator: generator));
        conv2 = RegisterModule("conv2", new Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: !batchNorm, dtype: dtype, generator: generator));
        if (batchNorm) bn2 = RegisterModule("bn2", new BatchNorm2d(2 * width, dtype: dtype));
        head = RegisterModule("head", new Linear(2 * width * 49, 1, dtype: dtype, generator: generator));
        if (numClasses > 0) embed = RegisterModule("embed", new Embedding(numClasses, 28 * 28, dtype, generator));
        GanConditioning.DcganInit(this, generator);
    }

    /// <summary>Channels w of the 14×14 layer.</summary>
    public int Width { get; }
    /// <summary>Whether the second convolution is batch-normalised.</summary>
    public bool BatchNorm { get; }
    /// <summary>Number of classes (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Logits (or critic scores) [N, 1] for images [N, 1, 28, 28] (and labels [N] when conditional, else null).</summary>
    /// <exception cref="ArgumentException">The images are not [N, 1, 28, 28], or labels are missing, unexpected or out of range.</exception>
    public override Tensor Forward(Tensor images, Tensor? labels)
    {
        if (images.NDim != 4 || images.Size(1) != 1 || images.Size(2) != 28 || images.Size(3) != 28)
            throw new ArgumentException($"DcganDiscriminator: expected images of shape [N, 1, 28, 28], got {ShapeUtil.Format(images.ShapeArray)}");
        var y = GanConditioning.Check("DcganDiscriminator", labels, NumClasses, images.Size(0));
        var x = y is null ? images : Tensor.Cat([images, embed!.Call(y).Reshape(-1, 1, 28, 28)], 1);
        var h = conv1.Call(x).LeakyRelu(0.2);
        h = conv2.Call(h);
        if (bn2 is not null) h = bn2.Call(h);
        h = h.LeakyRelu(0.2);
        return head.Call(h.Flatten(1));
    }
}
