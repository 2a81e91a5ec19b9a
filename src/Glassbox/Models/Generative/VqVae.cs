using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// A VQ-VAE (van den Oord, Vinyals &amp; Kavukcuoglu 2017) for [N, C, H, W] images with H and W divisible by 4: a
/// convolutional encoder to a grid of D-dimensional vectors z_e [N, D, H/4, W/4], a <see cref="VectorQuantizer"/> that
/// replaces each vector by its nearest of K codes, and a convolutional decoder back to images. Trained on
/// ‖x − x̂‖² (mean over pixels) plus the quantiser's codebook and commitment losses.
/// </summary>
/// <remarks>
/// <para>Layers for width w (state-dict keys; shapes for [N, 1, 28, 28] and w = 32, D = 16):</para>
/// <code>
/// encoder.0  Conv2d(C, w, 4, stride=2, padding=1)                 → [N, w, 14, 14]
/// encoder.2  Conv2d(w, w, 4, stride=2, padding=1)                 → [N, w, 7, 7]
/// encoder.4  Conv2d(w, D, 1)                                      → [N, D, 7, 7]     z_e
/// quantizer  VectorQuantizer(K, D)                                → [N, D, 7, 7]     z_q (straight-through)
/// decoder.0  Conv2d(D, w, 3, padding=1)                           → [N, w, 7, 7]
/// decoder.2  ConvTranspose2d(w, w, 4, stride=2, padding=1)        → [N, w, 14, 14]
/// decoder.4  ConvTranspose2d(w, C, 4, stride=2, padding=1)        → [N, C, 28, 28]   x̂ (no output activation)
/// </code>
/// <para>ReLU follows every layer but the last of each stack. A kernel-4, stride-2, padding-1 convolution halves a side
/// exactly and the transposed one doubles it ((n − 1)·2 − 2 + 4 = 2n). The paper's encoder and decoder add two residual
/// blocks each; this smaller model is sized for MNIST on a CPU. An image is then 49 code indices of log₂ K bits each.</para>
/// </remarks>
public sealed class VqVae : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;

    /// <summary>Creates the model with PyTorch's default convolution initialisation.</summary>
    /// <param name="quantizer">The quantiser; its code width D is the encoder's output channels.</param>
    /// <param name="channels">C, the image channels.</param>
    /// <param name="width">w, the hidden channels.</param>
    /// <param name="dtype">Parameter dtype.</param>
    /// <param name="generator">Random source of the initialisation.</param>
    public VqVae(VectorQuantizer quantizer, int channels = 1, int width = 32, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(quantizer);
        if (channels <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"VqVae: channels and width must be positive, got {channels}, {width}");
        Channels = channels;
        int d = quantizer.CodeDim;
        encoder = RegisterModule("encoder", new Sequential(
            new Conv2d(channels, width, 4, stride: 2, padding: 1, dtype: dtype, generator: generator), new ReLU(),
            new Conv2d(width, width, 4, stride: 2, padding: 1, dtype: dtype, generator: generator), new ReLU(),
            new Conv2d(width, d, 1, dtype: dtype, generator: generator)));
        Quantizer = RegisterModule("quantizer", quantizer);
        decoder = RegisterModule("decoder", new Sequential(
            new Conv2d(d, width, 3, padding: 1, dtype: dtype, generator: generator), new ReLU(),
            new ConvTranspose2d(width, width, 4, stride: 2, padding: 1, dtype: dtype, generator: generator), new ReLU(),
            new ConvTranspose2d(width, channels, 4, stride: 2, padding: 1, dtype: dtype, generator: generator)));
    }

    /// <summary>C, the image channels.</summary>
    public int Channels { get; }
    /// <summary>The vector quantiser.</summary>
    public VectorQuantizer Quantizer { get; }

    /// <summary>z_e [N, D, H/4, W/4] for images [N, C, H, W].</summary>
    /// <exception cref="ArgumentException">The images have the wrong shape; the message names it.</exception>
    public Tensor Encode(Tensor x)
    {
        if (x.NDim != 4 || x.Size(1) != Channels || x.Size(2) % 4 != 0 || x.Size(3) % 4 != 0)
            throw new ArgumentException($"VqVae.encode: expected images of shape [N, {Channels}, H, W] with H and W divisible by 4, got {ShapeUtil.Format(x.ShapeArray)}");
        return encoder.Call(x);
    }

    /// <summary>Images [N, C, H, W] from (quantised) latents [N, D, H/4, W/4].</summary>
    public Tensor Decode(Tensor zq) => decoder.Call(zq);

    /// <summary>Images decoded from a grid of code indices [N, H/4, W/4].</summary>
    public Tensor DecodeCodes(Tensor indices)
    {
        if (indices.NDim != 3) throw new ArgumentException($"VqVae.decode_codes: expected indices of shape [N, h, w], got {ShapeUtil.Format(indices.ShapeArray)}");
        return Decode(Quantizer.Lookup(indices).Permute(0, 3, 1, 2));
    }

    /// <summary>The training objective's terms for images x [N, C, H, W].</summary>
    public VqVaeTerms Terms(Tensor x)
    {
        var q = Quantizer.Call(Encode(x));
        var rec = Decode(q.Quantized);
        var mse = F.MseLoss(rec, x);
        return new VqVaeTerms(rec, mse, q);
    }

    /// <summary>The reconstruction x̂ = decoder(z_q(encoder(x))).</summary>
    public override Tensor Forward(Tensor input) => Decode(Quantizer.Call(Encode(input)).Quantized);
}
