namespace Glassbox.NN;

/// <summary>[*, C, H·r, W·r] → [*, C·r², H, W] (<c>torch.nn.PixelUnshuffle</c>); see <see cref="F.PixelUnshuffle"/>.</summary>
public sealed class PixelUnshuffle : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with downscale factor r.</summary>
    public PixelUnshuffle(int downscaleFactor) => DownscaleFactor = downscaleFactor;

    /// <summary>The factor r.</summary>
    public int DownscaleFactor { get; }

    /// <summary>Moves r×r spatial blocks into channel blocks of r².</summary>
    public override Tensor Forward(Tensor input) => F.PixelUnshuffle(input, DownscaleFactor);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"downscale_factor={DownscaleFactor}";
}
