namespace Glassbox.NN;

/// <summary>[*, C·r², H, W] → [*, C, H·r, W·r] (<c>torch.nn.PixelShuffle</c>); see <see cref="F.PixelShuffle"/>.</summary>
public sealed class PixelShuffle : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with upscale factor r.</summary>
    public PixelShuffle(int upscaleFactor) => UpscaleFactor = upscaleFactor;

    /// <summary>The factor r.</summary>
    public int UpscaleFactor { get; }

    /// <summary>Moves channel blocks of r² into r×r spatial blocks.</summary>
    public override Tensor Forward(Tensor input) => F.PixelShuffle(input, UpscaleFactor);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"upscale_factor={UpscaleFactor}";
}
