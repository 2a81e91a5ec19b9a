namespace Glassbox.Models;

/// <summary>How a <see cref="UNet"/> decoder doubles the resolution.</summary>
public enum UNetUpsampling
{
    /// <summary>ConvTranspose2d with a 2×2 kernel and stride 2 that also halves the channels: the paper's
    /// "up-convolution". Learned; each output pixel comes from exactly one input pixel.</summary>
    TransposedConv,

    /// <summary>Bilinear interpolation (align_corners = false), parameter-free and channel-preserving; the decoder's
    /// first convolution then sees the skip's channels plus twice as many from below. Avoids the checkerboard
    /// artefacts a strided transposed convolution can produce.</summary>
    Bilinear,
}
