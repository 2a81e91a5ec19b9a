using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// The fully connected GAN generator (after Goodfellow et al. 2014): a latent z ~ N(0, I) through hidden layers with
/// LeakyReLU(0.2) to 28×28 pixels squashed by tanh into [−1, 1] (the training images are scaled to that range).
/// Optionally conditional: a learned label embedding is concatenated to z (Mirza &amp; Osindero 2014).
/// </summary>
/// <remarks>
/// <para>Shapes with the defaults (latent 64, hidden [256, 512]):</para>
/// <code>
/// z [N, 64] (‖ embed(y) [N, 10] when conditional)
/// net.0  Linear(64, 256), LeakyReLU(0.2)     16,640 parameters
/// net.2  Linear(256, 512), LeakyReLU(0.2)   131,584
/// net.4  Linear(512, 784), tanh             402,192   → reshaped to [N, 1, 28, 28]
/// </code>
/// <para>Initialisation: PyTorch's Linear default. The paper's generator used ReLU and sigmoid outputs; LeakyReLU and
/// tanh are the choices later work settled on (Radford et al. 2016) and keep gradients flowing through every unit.</para>
/// </remarks>
public sealed class MlpGanGenerator : Module<Tensor, Tensor?, Tensor>
{
    private readonly Sequential net;
    private readonly Embedding? embed;

    /// <summary>Creates the generator.</summary>
    /// <param name="latent">Dimension of z.</param>
    /// <param name="hidden">Hidden layer widths.</param>
    /// <param name="numClasses">Number of classes for a conditional generator; 0 for an unconditional one.</param>
    /// <param name="embeddingDim">Width of the label embedding (conditional only).</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public MlpGanGenerator(int latent = 64, IReadOnlyList<int>? hidden = null, int numClasses = 0, int embeddingDim = 10, DType dtype = DType.Float32, Generator? generator = null)
    {
        hidden ??= [256, 512];
        if (latent <= 0 || hidden.Count == 0 || hidden.Any(h => h <= 0) || numClasses < 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(latent), $"MlpGanGenerator: latent {latent}, hidden [{string.Join(", ", hidden)}], numClasses {numClasses}, embeddingDim {embeddingDim} must be positive (numClasses may be 0)");
        Latent = latent;
        NumClasses = numClasses;
        var layers = new List<Module<Tensor, Tensor>>();
        int width = latent + (numClasses > 0 ? embeddingDim : 0);
        foreach (var h in hidden)
        {
            layers.Add(new Linear(width, h, dtype: dtype, generator: generator));
            layers.Add(new LeakyReLU(0.2));
            width = h;
        }
        layers.Add(new Linear(width, 28 * 28, dtype: dtype, generator: generator));
        layers.Add(new Tanh());
        net = RegisterModule("net", new Sequential(layers.ToArray()));
        if (numClasses > 0) embed = RegisterModule("embed", new Embedding(numClasses, embeddingDim, dtype, generator));
    }

    /// <summary>Dimension of z.</summary>
    public int Latent { get; }
    /// <summary>Number of classes (0: unconditional).</summary>
    public int NumClasses { get; }

    /// <summary>Images [N, 1, 28, 28] in [−1, 1] from z [N, latent] (and labels [N] when conditional, else null).</summary>
    /// <exception cref="ArgumentException">z is not [N, latent], or labels are missing, unexpected or out of range.</exception>
    public override Tensor Forward(Tensor z, Tensor? labels)
    {
        if (z.NDim != 2 || z.Size(1) != Latent)
            throw new ArgumentException($"MlpGanGenerator: expected z of shape [N, {Latent}], got {ShapeUtil.Format(z.ShapeArray)}");
        var y = GanConditioning.Check("MlpGanGenerator", labels, NumClasses, z.Size(0));
        var h = y is null ? z : Tensor.Cat([z, embed!.Call(y)], 1);
        return net.Call(h).Reshape(-1, 1, 28, 28);
    }
}
