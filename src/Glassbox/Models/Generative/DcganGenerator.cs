using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The DCGAN generator (Radford, Metz &amp; Chintala 2016) sized for 28×28 images: z is projected by a linear layer to a
/// 2w×7×7 volume, then two stride-2 transposed convolutions double the resolution to 14×14 and 28×28. Batch norm and
/// ReLU after every layer but the last, tanh at the output, no pooling and no other fully connected layer — the
/// paper's architecture guidelines. Optionally conditional: a label embedding is concatenated to z.
/// </summary>
/// <remarks>
/// <para>Shapes for width w (the default w = 64 gives 759,681 parameters with latent 100):</para>
/// <code>
/// z [N, L] (‖ embed(y) [N, E] when conditional)
/// project  Linear(L (+E), 2w·7·7, bias=false) → reshape [N, 2w, 7, 7], BatchNorm2d(2w), ReLU
/// up1      ConvTranspose2d(2w, w, 4, stride=2, padding=1, bias=false) → [N, w, 14, 14], BatchNorm2d(w), ReLU
/// up2      ConvTranspose2d(w, 1, 4, stride=2, padding=1)              → [N, 1, 28, 28], tanh
/// </code>
/// <para>A stride-2 transposed convolution with kernel 4 and padding 1 maps n to 2n exactly ((n − 1)·2 − 2 + 4), and
/// every output pixel receives the same number (four) of kernel taps, which avoids the checkerboard pattern of a
/// kernel 3 stride 2 layer. The layers followed by batch norm have no bias (the norm's shift replaces it).
/// Initialisation: Radford et al.'s N(0, 0.02) weights, batch-norm scales N(1, 0.02).</para>
/// </remarks>
public sealed class DcganGenerator : Module<Tensor, Tensor?, Tensor>
{
    private readonly Linear project;
    private readonly BatchNorm2d bn0, bn1;
    private readonly ConvTranspose2d up1, up2;
    private readonly Embedding? embed;

    /// <summary>Creates the generator.</summary>
    /// <param name="latent">Dimension L of z.</param>
    /// <param name="width">w: channels of the 14×14 layer (the 7×7 volume has 2w).</param>
    /// <param name="numClasses">Number of classes for a conditional generator; 0 for an unconditional one.</param>
    /// <param name="embeddingDim">Width E of the label embedding (conditional only).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public DcganGenerator(int latent = 100, int width = 64, int numClasses = 0, int embeddingDim = 10, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (latent <= 0 || width <= 0 || numClasses < 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(latent), $"DcganGenerator: latent {latent}, width {width}, numClasses {numClasses}, embeddingDim {embeddingDim} must be positive (numClasses may be 0)");
        Latent = latent;
        Width = width;
        NumClasses = numClasses;
        project = RegisterModule("project", new Linear(latent + (numClasses > 0 ? embeddingDim : 0), 2 * width * 49, bias: false, dtype: dtype, generator: generator));
        bn0 = RegisterModule("bn0", new BatchNorm2d(2 * width, dtype: dtype));
        up1 = RegisterModule("up1", new ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1, bias: false, dtype: dtype, generator: generator));
        bn1 = RegisterModule("bn1", new BatchNorm2d(width, dtype: dtype));
        up2 = RegisterModule("up2", new ConvTranspose2d(width, 1, 4, stride: 2, padding: 1, dtype: dtype, generator: generator));
        if (numClasses > 0) embed = RegisterModule("embed", new Embedding(numClasses, embeddingDim, dtype, generator));
        GanConditioning.DcganInit(this, generator);
    }

    /// <summary>Dimension of z.</summary>
    public int Latent { get; }
    /// <summary>Channels w of the 14×14 layer.</summary>
    public int Width { get; }
    /// <summary>Number of classes (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Images [N, 1, 28, 28] in [−1, 1] from z [N, latent] (and labels [N] when conditional, else null).</summary>
    /// <exception cref="ArgumentException">z is not [N, latent], or labels are missing, unexpected or out of range.</exception>
    public override Tensor Forward(Tensor z, Tensor? labels)
    {
        if (z.NDim != 2 || z.Size(1) != Latent)
            throw new ArgumentException($"DcganGenerator: expected z of shape [N, {Latent}], got {ShapeUtil.Format(z.ShapeArray)}");
        var y = GanConditioning.Check("DcganGenerator", labels, NumClasses, z.Size(0));
        var h = project.Call(y is null ? z : Tensor.Cat([z, embed!.Call(y)], 1)).Reshape(-1, 2 * Width, 7, 7);
        h = bn0.Call(h).Relu();
        h = bn1.Call(up1.Call(h)).Relu();
        return up2.Call(h).Tanh();
    }
}
