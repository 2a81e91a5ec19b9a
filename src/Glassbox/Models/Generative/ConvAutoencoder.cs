using Glassbox.NN;

namespace Glassbox.Models.Generative;

/// <summary>
/// A convolutional autoencoder for [N, C, H, W] images with H and W divisible by 4: two stride-2 3×3 convolutions down
/// (C → w → 2w channels, H×W → H/4×W/4) and two stride-2 transposed convolutions up (2w → w → C), ReLU between.
/// Optional <see cref="InputCorruption"/> makes it a denoising autoencoder (training mode only), as in
/// <see cref="Autoencoder"/>.
/// </summary>
/// <remarks>
/// <para>Shapes for a [N, 1, 28, 28] input with width w = 16:</para>
/// <code>
/// encoder.0  Conv2d(1, 16, 3, stride=2, padding=1)                      → [N, 16, 14, 14]   160 parameters
/// encoder.2  Conv2d(16, 32, 3, stride=2, padding=1)                     → [N, 32, 7, 7]    4,640
/// decoder.0  ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1) → [N, 16, 14, 14] 4,624
/// decoder.2  ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1)  → [N, 1, 28, 28]    145
/// </code>
/// <para>A stride-2 transposed convolution with kernel 3 and padding 1 gives 2·in − 1 outputs; output_padding = 1 adds
/// the missing row and column so the decoder exactly inverts the encoder's halving. The last layer has no activation.</para>
/// </remarks>
public sealed class ConvAutoencoder : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;

    /// <summary>Creates the model with PyTorch's default convolution initialisation.</summary>
    public ConvAutoencoder(int channels = 1, int width = 16, InputCorruption? corruption = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (channels <= 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"ConvAutoencoder: channels and width must be positive, got {channels}, {width}");
        Channels = channels;
        Corruption = corruption ?? InputCorruption.None;
        encoder = RegisterModule("encoder", new Sequential(
            new Conv2d(channels, width, 3, stride: 2, padding: 1, dtype: dtype, generator: generator), new ReLU(),
            new Conv2d(width, 2 * width, 3, stride: 2, padding: 1, dtype: dtype, generator: generator), new ReLU()));
        decoder = RegisterModule("decoder", new Sequential(
            new ConvTranspose2d(2 * width, width, 3, stride: 2, padding: 1, outputPadding: 1, dtype: dtype, generator: generator), new ReLU(),
            new ConvTranspose2d(width, channels, 3, stride: 2, padding: 1, outputPadding: 1, dtype: dtype, generator: generator)));
    }

    /// <summary>Image channels C.</summary>
    public int Channels { get; }
    /// <summary>The training-time input corruption.</summary>
    public InputCorruption Corruption { get; }
    /// <summary>The random source of the corruption (<see cref="Generator.Default"/> when null).</summary>
    public Generator? CorruptionGenerator { get; set; }

    /// <summary>The code [N, 2w, H/4, W/4] for images [N, C, H, W].</summary>
    public Tensor Encode(Tensor x)
    {
        if (x.NDim != 4 || x.Size(1) != Channels || x.Size(2) % 4 != 0 || x.Size(3) % 4 != 0)
            throw new ArgumentException($"ConvAutoencoder.encode: expected images of shape [N, {Channels}, H, W] with H and W divisible by 4, got {ShapeUtil.Format(x.ShapeArray)}");
        return encoder.Call(x);
    }

    /// <summary>Images [N, C, H, W] from a code [N, 2w, H/4, W/4].</summary>
    public Tensor Decode(Tensor code) => decoder.Call(code);

    /// <summary>Decode(Encode(x̃)), with x̃ the corrupted x in training mode and x itself in eval mode.</summary>
    public override Tensor Forward(Tensor input) => Decode(Encode(Training ? Corruption.Apply(input, CorruptionGenerator) : input));
}
